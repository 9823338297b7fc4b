package io.portico.proxy.upstream;

import io.netty.channel.Channel;

/**
 * An upstream connection lent to one exchange: an HTTP/1.1 connection from a pool, or an HTTP/2
 * stream. Writes of {@link io.netty.handler.codec.http.HttpObject}s go to {@link #channel()}.
 */
public interface UpstreamConnection {
  Channel channel();

  EndpointStats stats();

  /** Whether this connection already served a request (a stale keep-alive connection may fail). */
  boolean isReused();

  /** Routes what the connection reads to the listener until {@link #release}. */
  void attach(UpstreamListener listener);

  /**
   * Gives the connection back: to the pool when {@code reusable} (a complete exchange on a
   * keep-alive connection), else it is closed (or the stream reset).
   */
  void release(boolean reusable);
}
