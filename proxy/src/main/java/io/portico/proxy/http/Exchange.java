package io.portico.proxy.http;

import io.netty.handler.codec.http.HttpContent;

/**
 * One request/response of a downstream connection, from its head to the end of both its request
 * body and its response. The connection's {@link HttpProxyHandler} feeds it the request body and is
 * told when it is done.
 */
sealed interface Exchange permits LocalExchange, ForwardExchange {
  /** A piece of the request body; the exchange owns (and releases) it. */
  void onRequestContent(HttpContent content);

  /** Whether the whole request (its last content) has been received. */
  boolean isRequestComplete();

  /** Whether the connection should read more of the request now. */
  boolean wantsRequestRead();

  void onDownstreamWritabilityChanged(boolean isWritable);

  /**
   * Whether a response (the upstream's or the proxy's own) has started towards the client: the
   * request can no longer be answered with a failure.
   */
  boolean isResponseStarted();

  /**
   * The downstream connection closed, or is closing because its request body turned out malformed:
   * stop, release everything (an upstream connection in use is closed, not reused).
   */
  void onDownstreamClosed();
}
