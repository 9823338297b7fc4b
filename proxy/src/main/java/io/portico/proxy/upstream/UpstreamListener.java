package io.portico.proxy.upstream;

import io.netty.handler.codec.http.HttpObject;

/**
 * The exchange that owns an upstream connection: receives what the connection reads. Called on the
 * connection's event loop (the downstream connection's loop).
 */
public interface UpstreamListener {
  /** A response head, content or last content; the listener owns (and releases) it. */
  void onResponseObject(HttpObject object);

  /** A read batch ended: the listener decides whether to read more. */
  void onResponseReadComplete();

  void onUpstreamWritabilityChanged(boolean isWritable);

  /** The connection closed (or the stream was reset) while the listener owned it. */
  void onUpstreamClosed(Throwable cause);
}
