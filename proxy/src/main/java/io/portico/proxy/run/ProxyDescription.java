package io.portico.proxy.run;

import java.util.Objects;

/**
 * Who the proxy is, as far as the runtime may want to know before its first config (for logs and
 * metrics).
 *
 * @param mesh the mesh; empty for zone ingress and egress
 * @param name the dataplane, ingress or egress name
 * @param type the proxy type
 */
public record ProxyDescription(String mesh, String name, ProxyType type) {
  public ProxyDescription {
    Objects.requireNonNull(mesh, "mesh");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }
}
