package io.portico.cp.compiler.plan;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The proxy's admin server (spec/core.md §2.5): the full admin API on loopback only, port from
 * {@code networking.admin.port} or {@link #DEFAULT_PORT}; {@code /ready} alone also on the
 * dataplane's address, where a kubelet probes a pod.
 *
 * @param address the bind address
 * @param port the port
 * @param readinessAddress the dataplane's address where {@code /ready} is also answered; empty =
 *     none
 */
public record AdminPlan(String address, int port, String readinessAddress) {
  /** The control plane's default admin port ({@code bootstrapServer.params.adminPort}). */
  public static final int DEFAULT_PORT = 9901;

  /** The admin bind address: loopback. */
  public static final String LOOPBACK = "127.0.0.1";

  /** Validation refuses them as a dataplane's address; the compiler does no name lookups. */
  private static final List<String> WILDCARDS = List.of("0.0.0.0", "::", "0:0:0:0:0:0:0:0");

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  public AdminPlan {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(readinessAddress, "readinessAddress");
  }

  public AdminPlan(String address, int port) {
    this(address, port, "");
  }

  /** The admin server of a dataplane whose {@code networking.admin.port} is {@code port}. */
  public static AdminPlan forPort(int port) {
    return new AdminPlan(LOOPBACK, port > 0 ? port : DEFAULT_PORT);
  }

  /**
   * This plan with {@code /ready} also on {@code networkingAddress}, unless that is no IP literal,
   * is a wildcard or the admin address itself, or a listener of {@code listeners} is bound to its
   * port there (the listener wins: the proxy would refuse two sockets on one address).
   */
  public AdminPlan withReadinessOn(String networkingAddress, List<ListenerPlan> listeners) {
    if (networkingAddress == null
        || networkingAddress.equals(address)
        || !(IPV4.matcher(networkingAddress).matches() || networkingAddress.contains(":"))) {
      return this;
    }
    if (WILDCARDS.contains(networkingAddress)) {
      return this;
    }
    for (ListenerPlan listener : listeners) {
      if (listener.port() == port
          && (listener.address().equals(networkingAddress)
              || WILDCARDS.contains(listener.address()))) {
        return this;
      }
    }
    return new AdminPlan(address, port, networkingAddress);
  }
}
