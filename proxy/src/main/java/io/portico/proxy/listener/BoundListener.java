package io.portico.proxy.listener;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.portico.proxy.config.BindAddress;
import io.portico.proxy.transport.DrainEvent;
import java.net.InetSocketAddress;

/** A bound listening socket and the connections it accepted. */
final class BoundListener {
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
