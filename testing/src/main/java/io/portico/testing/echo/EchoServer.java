package io.portico.testing.echo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP echo server: every request on any path is answered 200 with a JSON document describing it
 * ({@link EchoHandler}); {@code /status/{code}} answers that status and {@code /delay/{ms}} answers
 * after that many milliseconds. Speaks HTTP/1.1, HTTP/2 with prior knowledge (h2c) and the h2c
 * upgrade.
 *
 * <pre>{@code
 * try (EchoServer echo = EchoServer.start("backend-1")) {
 *   URI uri = URI.create("http://" + echo.hostAndPort() + "/hello");
 *   ...
 * }
 * }</pre>
 */
public final class EchoServer implements AutoCloseable {
  private final String instance;
  private final EventLoopGroup group;
  private final Channel serverChannel;

  private EchoServer(String instance, EventLoopGroup group, Channel serverChannel) {
    this.instance = instance;
    this.group = group;
    this.serverChannel = serverChannel;
  }

  /** Starts an echo server named {@code instance} on the loopback address and a free port. */
  public static EchoServer start(String instance) {
    return start(instance, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  /**
   * Starts an echo server named {@code instance} bound to {@code bind} (port 0 = a free port; see
   * {@link #address()}).
   */
  public static EchoServer start(String instance, InetSocketAddress bind) {
    return start(instance, bind, 200);
  }

  /**
   * Starts an echo server that answers {@code status} to plain requests until told otherwise with
   * {@code POST /echo/status/{code}}.
   */
  public static EchoServer start(String instance, InetSocketAddress bind, int status) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status " + status + ": expected 200 to 599");
    }
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    try {
      Channel channel =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(new EchoServerInitializer(instance, new AtomicInteger(status)))
              .bind(bind)
              .syncUninterruptibly()
              .channel();
      return new EchoServer(instance, group, channel);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new IllegalStateException("cannot bind the echo server to " + bind, e);
    }
  }

  /** The name this server reports as {@code instance}. */
  public String instance() {
    return instance;
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
    return hostAndPort(address());
  }

  @Override
  public void close() {
    serverChannel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  static String hostAndPort(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
