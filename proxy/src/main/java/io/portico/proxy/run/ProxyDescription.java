package io.portico.proxy.run;

import java.util.Objects;

/**
 * Who the proxy is, as far as the runtime may want to know before its first config (for logs and
 * metrics).
 *
 * @param mesh the mesh; empty for zone ingress and egress
 * @param name the dataplane, ingress or egress name
 * @param type the proxy type
 * @param adminPort the admin port the dataplane template names ({@code networking.admin.port}), 0
 *     when it names none: the runtime serves its admin API there from the start, so {@code /ready}
 *     answers (503) before the first config is applied and while a config is refused
 */
public record ProxyDescription(String mesh, String name, ProxyType type, int adminPort) {
  public ProxyDescription {
    Objects.requireNonNull(mesh, "mesh");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  /** A proxy whose admin port comes with its first config. */
  public ProxyDescription(String mesh, String name, ProxyType type) {
    this(mesh, name, type, 0);
  }
}
