package io.portico.testing.echo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A TCP echo server: every byte received is sent back. When the client shuts down its output, the
 * server finishes echoing and shuts down its own output, so a client can send, half-close and read
 * everything back.
 */
public final class TcpEchoServer implements AutoCloseable {
  private final EventLoopGroup group;
  private final Channel serverChannel;

  private TcpEchoServer(EventLoopGroup group, Channel serverChannel) {
    this.group = group;
    this.serverChannel = serverChannel;
  }

  /** Starts on the loopback address and a free port. */
  public static TcpEchoServer start() {
    return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  /** Starts bound to {@code bind} (port 0 = a free port; see {@link #address()}). */
  public static TcpEchoServer start(InetSocketAddress bind) {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    try {
      Channel channel =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
              .childHandler(new TcpEchoHandler())
              .bind(bind)
              .syncUninterruptibly()
              .channel();
      return new TcpEchoServer(group, channel);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new IllegalStateException("cannot bind the TCP echo server to " + bind, e);
    }
  }

  /** The bound address (with the real port when started on port 0). */
  public InetSocketAddress address() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** The bound port. */
  public int port() {
    return address().getPort();
  }

  /** {@code host:port} of the bound address, IPv6 literals in brackets. */
  public String hostAndPort() {
    return EchoServer.hostAndPort(address());
  }

  @Override
  public void close() {
    serverChannel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
