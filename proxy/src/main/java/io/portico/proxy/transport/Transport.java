package io.portico.proxy.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One event-loop group sized to the cores (DESIGN.md, "Proxy performance principles") with the
 * matching channel classes: native epoll when {@link Epoll#isAvailable()}, NIO otherwise.
 */
public final class Transport implements AutoCloseable {
  private final EventLoopGroup group;
  private final Class<? extends ServerChannel> serverChannelClass;
  private final Class<? extends SocketChannel> socketChannelClass;
  private final boolean isNative;

  private Transport(
      EventLoopGroup group,
      Class<? extends ServerChannel> serverChannelClass,
      Class<? extends SocketChannel> socketChannelClass,
      boolean isNative) {
    this.group = group;
    this.serverChannelClass = serverChannelClass;
    this.socketChannelClass = socketChannelClass;
    this.isNative = isNative;
  }

  /**
   * Starts an event-loop group.
   *
   * @param threads event loops; 0 = one per available processor
   * @param preferNative use epoll when the platform has it
   */
  public static Transport start(int threads, boolean preferNative) {
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0, got " + threads);
    }
    int size = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    DefaultThreadFactory threadFactory = new DefaultThreadFactory("portico-proxy", true);
    if (preferNative && Epoll.isAvailable()) {
      return new Transport(
          group(size, threadFactory, EpollIoHandler.newFactory()),
          EpollServerSocketChannel.class,
          EpollSocketChannel.class,
          true);
    }
    return new Transport(
        group(size, threadFactory, NioIoHandler.newFactory()),
        NioServerSocketChannel.class,
        NioSocketChannel.class,
        false);
  }

  private static EventLoopGroup group(
      int size, DefaultThreadFactory threadFactory, IoHandlerFactory ioHandlerFactory) {
    return new MultiThreadIoEventLoopGroup(size, threadFactory, ioHandlerFactory);
  }

  public EventLoopGroup group() {
    return group;
  }

  public Class<? extends ServerChannel> serverChannelClass() {
    return serverChannelClass;
  }

  public Class<? extends SocketChannel> socketChannelClass() {
    return socketChannelClass;
  }

  /** Whether the native epoll transport is in use. */
  public boolean isNative() {
    return isNative;
  }

  /** Stops the event loops, waiting at most {@code timeout}. */
  public void shutdown(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    group
        .shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(timeout.toMillis() + 1000);
  }

  @Override
  public void close() {
    shutdown(Duration.ofSeconds(2));
  }
}
