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
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One event-loop group sized to the cores (DESIGN.md, "Proxy performance principles") with the
 * matching channel classes, of the {@link Kind} asked for: io_uring (portico-dp's default), epoll,
 * or NIO; a native kind the platform lacks falls back to the next one (io_uring to epoll, epoll to
 * NIO), and {@link #kind()} says which one runs.
 */
public final class Transport implements AutoCloseable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Transport.class);

  private final EventLoopGroup group;
  private final Class<? extends ServerChannel> serverChannelClass;
  private final Class<? extends SocketChannel> socketChannelClass;
  private final Kind kind;

  /** The I/O of the event loops. */
  public enum Kind {
    /** Linux epoll through Netty's native transport. */
    EPOLL,
    /**
     * Linux io_uring through Netty's native transport (kernel 5.14 or later, and io_uring not
     * forbidden by seccomp): fewer system calls per request than epoll.
     */
    IO_URING,
    /** The JDK's NIO selectors: any platform. */
    NIO;

    /** The name as {@code --transport} takes it: {@code epoll}, {@code io_uring}, {@code nio}. */
    public String optionName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private Transport(
      EventLoopGroup group,
      Class<? extends ServerChannel> serverChannelClass,
      Class<? extends SocketChannel> socketChannelClass,
      Kind kind) {
    this.group = group;
    this.serverChannelClass = serverChannelClass;
    this.socketChannelClass = socketChannelClass;
    this.kind = kind;
  }

  /**
   * Starts an event-loop group.
   *
   * @param threads event loops; 0 = one per available processor
   * @param preferNative use epoll when the platform has it
   */
  public static Transport start(int threads, boolean preferNative) {
    return start(threads, preferNative ? Kind.EPOLL : Kind.NIO);
  }

  /**
   * Starts an event-loop group of {@code wanted}'s kind, or of the next kind down when the platform
   * lacks it (logged with the reason).
   *
   * @param threads event loops; 0 = one per available processor
   */
  public static Transport start(int threads, Kind wanted) {
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0, got " + threads);
    }
    Objects.requireNonNull(wanted, "wanted");
    int size = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    DefaultThreadFactory threadFactory = new DefaultThreadFactory("portico-proxy", true);
    if (wanted == Kind.IO_URING) {
      if (IoUring.isAvailable()) {
        return new Transport(
            group(size, threadFactory, IoUringIoHandler.newFactory()),
            IoUringServerSocketChannel.class,
            IoUringSocketChannel.class,
            Kind.IO_URING);
      }
      log.atInfo()
          .addKeyValue("cause", String.valueOf(IoUring.unavailabilityCause()))
          .log("io_uring is not available here; using epoll");
      wanted = Kind.EPOLL;
    }
    if (wanted == Kind.EPOLL) {
      if (Epoll.isAvailable()) {
        return new Transport(
            group(size, threadFactory, EpollIoHandler.newFactory()),
            EpollServerSocketChannel.class,
            EpollSocketChannel.class,
            Kind.EPOLL);
      }
      log.atInfo()
          .addKeyValue("cause", String.valueOf(Epoll.unavailabilityCause()))
          .log("epoll is not available here; using NIO");
    }
    return new Transport(
        group(size, threadFactory, NioIoHandler.newFactory()),
        NioServerSocketChannel.class,
        NioSocketChannel.class,
        Kind.NIO);
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

  /** Whether a native transport (epoll or io_uring) is in use. */
  public boolean isNative() {
    return kind != Kind.NIO;
  }

  /** The kind of I/O in use. */
  public Kind kind() {
    return kind;
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
