package io.portico.proxy.http;

import io.netty.channel.Channel;
import io.netty.handler.timeout.IdleStateHandler;
import io.portico.proxy.config.ActiveConfig;
import io.portico.proxy.config.HttpListenerConfig;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Builds the pipeline of an HTTP listener's downstream connection.
 *
 * <pre>
 *  socket ──▶ IdleStateHandler ──▶ DownstreamHttpCodec ──▶ HttpProxyHandler ──▶ ForwardExchange ──▶ upstream pool
 *             (connection idle)    (HTTP/1.x, limits,      (validation, host,     LocalExchange
 *                                   headers timeout)        route, one exchange
 *                                                           at a time)
 * </pre>
 *
 * The connection does not read on its own (auto-read off): the handler reads when its exchange can
 * take more. HTTP/2 downstream (TLS + ALPN) will branch here, before the codec.
 */
public final class HttpServerInitializer {
  private final ActiveConfig active;
  private final HttpServices services;

  public HttpServerInitializer(ActiveConfig active, HttpServices services) {
    this.active = Objects.requireNonNull(active, "active");
    this.services = Objects.requireNonNull(services, "services");
  }

  /** Sets up an accepted connection of {@code listener}. */
  public void initChannel(Channel ch, HttpListenerConfig listener) {
    ch.config().setAutoRead(false);
    ch.pipeline()
        .addLast(
            "idle",
            new IdleStateHandler(0, 0, listener.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
        .addLast(
            "http-codec",
            new DownstreamHttpCodec(
                listener.maxRequestHeaderBytes(), listener.requestHeadersTimeout()))
        .addLast("proxy", new HttpProxyHandler(active, listener.bind(), listener, services));
  }
}
