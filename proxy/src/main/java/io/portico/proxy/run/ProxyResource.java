package io.portico.proxy.run;

import java.util.Objects;

/**
 * The rendered dataplane template, checked only as far as the proxy needs (the control plane
 * validates the rest and its refusal is printed).
 *
 * @param type Dataplane, ZoneIngress or ZoneEgress
 * @param name the resource's name
 * @param mesh its mesh; empty for the global ZoneIngress and ZoneEgress
 * @param text the rendered resource text, sent as is in {@code Hello.dataplane}
 * @param adminPort its {@code networking.admin.port}, 0 when not given
 */
public record ProxyResource(String type, String name, String mesh, String text, int adminPort) {
  public ProxyResource {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mesh, "mesh");
    Objects.requireNonNull(text, "text");
  }

  /** A resource that names no admin port. */
  public ProxyResource(String type, String name, String mesh, String text) {
    this(type, name, mesh, text, 0);
  }
}
