package io.portico.proxy.listener;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.portico.proxy.bind.BoundConfig;
import io.portico.proxy.config.AuthorizationMatcher;
import io.portico.proxy.config.ListenerConfig;
import io.portico.proxy.tls.CertificateUris;
import io.portico.proxy.transport.DrainEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a connection of a TLS (or authorized) listener gets in: it waits for the TLS
 * handshake (or for plaintext to be detected on a permissive listener), then applies the listener's
 * authorization to the URI SANs of the client certificate (spec core.md §3.4: the first matching
 * rule decides, none = deny). A denied connection is closed at once; an admitted one gets its
 * protocol pipeline from the {@link ListenerInitializer}.
 *
 * <pre>
 *  accepted ──▶ handshake ──failed──▶ close
 *                  │ done (or plaintext)
 *                  ▼
 *            authorization ──DENY / no rule──▶ close
 *                  │ ALLOW, ALLOW_WITH_SHADOW_DENY (logged)
 *                  ▼
 *            protocol pipeline, channelActive passed on
 * </pre>
 *
 * Until then it holds {@code channelActive} back from the handlers behind it and reads on its own
 * (auto-read is off).
 */
final class AdmissionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(AdmissionHandler.class);

  /** Fired by the permissive detector when the connection turned out to be plaintext. */
  enum Plaintext {
    DETECTED
  }

  private final ListenerInitializer initializer;
  private final ListenerConfig listener;
  private final BoundConfig binding;
  private final ListenerStats.Counters counters;
  private boolean isDecided;

  AdmissionHandler(
      ListenerInitializer initializer,
      ListenerConfig listener,
      BoundConfig binding,
      ListenerStats.Counters counters) {
    this.initializer = initializer;
    this.listener = listener;
    this.binding = binding;
    this.counters = counters;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (listener.tls() == null) {
      decide(ctx, null);
    } else {
      ctx.read();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent handshake) {
      if (handshake.isSuccess()) {
        decide(ctx, ctx.pipeline().get(SslHandler.class));
      } else {
        counters.handshakeFailed();
        log.atDebug()
            .addKeyValue("listener", listener.name())
            .addKeyValue("peer", ctx.channel().remoteAddress())
            .addKeyValue("cause", String.valueOf(handshake.cause()))
            .log("TLS handshake failed");
        ctx.close();
      }
    } else if (evt == Plaintext.DETECTED) {
      decide(ctx, null);
    } else if (evt == DrainEvent.INSTANCE) {
      ctx.close();
    } else {
      ReferenceCountUtil.release(evt);
    }
  }

  private void decide(ChannelHandlerContext ctx, SslHandler ssl) {
    if (isDecided) {
      return;
    }
    isDecided = true;
    List<String> uris = ssl == null ? List.of() : CertificateUris.ofPeer(ssl.engine().getSession());
    ctx.channel().attr(BoundListener.PEER_URIS).set(uris);
    AuthorizationMatcher authorization = listener.authorization();
    if (authorization != null) {
      AuthorizationMatcher.Decision decision = authorization.decide(uris);
      switch (decision.action()) {
        case DENY -> {
          counters.denied();
          log.atDebug()
              .addKeyValue("listener", listener.name())
              .addKeyValue("peer", ctx.channel().remoteAddress())
              .addKeyValue("uris", uris)
              .addKeyValue("rule", decision.isDefaultDeny() ? "(no rule matched)" : decision.rule())
              .log("connection denied");
          ctx.close();
          return;
        }
        case ALLOW_WITH_SHADOW_DENY -> {
          counters.shadowDenied();
          log.atInfo()
              .addKeyValue("listener", listener.name())
              .addKeyValue("peer", ctx.channel().remoteAddress())
              .addKeyValue("uris", uris)
              .addKeyValue("rule", decision.rule())
              .log("connection allowed, shadow-denied");
        }
        case ALLOW -> counters.allowed();
      }
    }
    initializer.admitted(ctx, listener, binding, ssl);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // SNI without certificate, plaintext on a TLS port, a broken ClientHello: the handshake fails.
    log.atDebug()
        .addKeyValue("listener", listener.name())
        .addKeyValue("peer", ctx.channel().remoteAddress())
        .addKeyValue("cause", String.valueOf(cause))
        .log("connection refused before admission");
    if (!isDecided) {
      isDecided = true;
      counters.handshakeFailed();
    }
    ctx.close();
  }
}
