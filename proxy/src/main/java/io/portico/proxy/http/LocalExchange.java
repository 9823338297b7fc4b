package io.portico.proxy.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * A request the proxy answers itself (direct response, redirect, failure): the response is sent at
 * once; the rest of the request body is read and dropped, then the connection goes on (or closes
 * when the response says so).
 */
final class LocalExchange implements Exchange {
  private final HttpProxyHandler connection;
  private boolean isRequestComplete;
  private boolean keepAlive;
  private boolean isResponseSent;

  private LocalExchange(HttpProxyHandler connection) {
    this.connection = connection;
  }

  /**
   * Starts an exchange answered with {@code response}.
   *
   * @param isRequestComplete the request has no more content to come
   * @param keepAlive whether the connection may stay open after the response
   */
  static LocalExchange respond(
      HttpProxyHandler connection,
      FullHttpResponse response,
      boolean isRequestComplete,
      boolean keepAlive) {
    LocalExchange exchange = new LocalExchange(connection);
    exchange.isRequestComplete = isRequestComplete;
    exchange.keepAlive = keepAlive;
    connection.start(exchange);
    connection.ctx().writeAndFlush(response);
    exchange.isResponseSent = true;
    if (isRequestComplete || !keepAlive) {
      connection.finished(exchange, keepAlive);
    }
    return exchange;
  }

  @Override
  public void onRequestContent(HttpContent content) {
    content.release();
    if (content instanceof LastHttpContent) {
      isRequestComplete = true;
      if (isResponseSent) {
        connection.finished(this, keepAlive);
      }
    }
  }

  @Override
  public boolean isRequestComplete() {
    return isRequestComplete;
  }

  @Override
  public boolean wantsRequestRead() {
    return !isRequestComplete;
  }

  @Override
  public void onDownstreamWritabilityChanged(boolean isWritable) {}

  @Override
  public boolean isResponseStarted() {
    return isResponseSent;
  }

  @Override
  public void onDownstreamClosed() {}
}
