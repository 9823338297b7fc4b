package io.portico.cp.compiler.plan;

/**
 * The proxy's admin server (spec/core.md §2.5): loopback only, port from {@code
 * networking.admin.port} or {@link #DEFAULT_PORT}.
 *
 * @param address the bind address
 * @param port the port
 */
public record AdminPlan(String address, int port) {
  /** The control plane's default admin port ({@code bootstrapServer.params.adminPort}). */
  public static final int DEFAULT_PORT = 9901;

  /** The admin bind address: loopback. */
  public static final String LOOPBACK = "127.0.0.1";

  /** The admin server of a dataplane whose {@code networking.admin.port} is {@code port}. */
  public static AdminPlan forPort(int port) {
    return new AdminPlan(LOOPBACK, port > 0 ? port : DEFAULT_PORT);
  }
}
