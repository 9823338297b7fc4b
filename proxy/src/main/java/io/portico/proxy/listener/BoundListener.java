package io.portico.proxy.listener;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.portico.proxy.config.BindAddress;
import io.portico.proxy.transport.DrainEvent;
import java.net.InetSocketAddress;

/** A bound listening socket and the connections it accepted. */
final class BoundListener {
  /** The URI SANs of an admitted connection's client certificate (empty for none). */
  static final io.netty.util.AttributeKey<java.util.List<String>> PEER_URIS =
      io.netty.util.AttributeKey.valueOf("portico.peerUris");

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(BoundListener.class);

  private final BindAddress bind;
  private final Channel serverChannel;
  private final ListenerInitializer initializer;
  private final ChannelGroup connections;

  BoundListener(
      BindAddress bind,
      Channel serverChannel,
      ListenerInitializer initializer,
      ChannelGroup connections) {
    this.bind = bind;
    this.serverChannel = serverChannel;
    this.initializer = initializer;
    this.connections = connections;
  }

  BindAddress bind() {
    return bind;
  }

  ListenerInitializer initializer() {
    return initializer;
  }

  int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  int openConnections() {
    return initializer.openConnections();
  }

  /** Stops accepting, and tells every open connection to finish its work and close. */
  void drain() {
    serverChannel.close().syncUninterruptibly();
    for (Channel connection : connections) {
      connection
          .eventLoop()
          .execute(() -> connection.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE));
    }
  }

  /**
   * Applies a changed authorization to the connections already admitted (TrafficPermission changes
   * apply live): a connection the new rules deny finishes its current HTTP exchange and closes; a
   * TCP connection closes at once.
   */
  void reauthorize(
      String listenerName, io.portico.proxy.config.AuthorizationMatcher matcher, boolean isHttp) {
    for (Channel connection : connections) {
      java.util.List<String> uris = connection.attr(PEER_URIS).get();
      if (uris == null || matcher == null || matcher.decide(uris).action().isAllowed()) {
        continue;
      }
      log.atInfo()
          .addKeyValue("listener", listenerName)
          .addKeyValue("peer", connection.remoteAddress())
          .addKeyValue("uris", uris)
          .log("connection no longer authorized, closing");
      if (isHttp) {
        connection
            .eventLoop()
            .execute(() -> connection.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE));
      } else {
        connection.close();
      }
    }
  }

  /** Completes when every connection this listener accepted is closed. */
  io.netty.channel.group.ChannelGroupFuture connectionsClosed() {
    return connections.newCloseFuture();
  }

  /** Closes the socket and every connection at once. */
  void close() {
    serverChannel.close().syncUninterruptibly();
    connections.close().awaitUninterruptibly();
  }
}
