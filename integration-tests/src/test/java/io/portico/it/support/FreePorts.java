package io.portico.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for things that cannot be told "port 0" (a port written in a resource, nginx, redis). The
 * port is free when returned; a test uses it at once.
 *
 * <p>Ports come from below the kernel's ephemeral range, walked in order from a per-process start:
 * a port from that range (what "port 0" gives) can be taken as the source port of any outgoing
 * connection between the moment it is picked and the moment a program binds it, and the program
 * then fails with "address in use".
 */
public final class FreePorts {
  private static final int LOWEST = 10_000;
  private static final int END = ephemeralRangeStart();
  private static final AtomicInteger NEXT =
      new AtomicInteger(LOWEST + (int) (ProcessHandle.current().pid() * 7919 % span()));

  private FreePorts() {}

  public static int next() {
    if (END - LOWEST < 1000) {
      return anyFreePort();
    }
    for (int tries = 0; tries < span(); tries++) {
      int port = LOWEST + Math.floorMod(NEXT.getAndIncrement() - LOWEST, span());
      if (isFree(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port on loopback in [" + LOWEST + ", " + END + ")");
  }

  private static int span() {
    return Math.max(1, END - LOWEST);
  }

  /** Free on every address: a program may bind the wildcard or the loopback address. */
  private static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int anyFreePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on loopback", e);
    }
  }

  /** The first port of {@code net.ipv4.ip_local_port_range} (32768 when it cannot be read). */
  private static int ephemeralRangeStart() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
