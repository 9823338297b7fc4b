package io.portico.mesh.api.zone;

import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.SpecValues;

/**
 * The spec of a ZoneEgress (spec/core.md §7.5): the proxy through which cross-zone and
 * external-service traffic leaves a zone when {@code mesh.routing.zoneEgress} is on.
 *
 * @param zone the zone it belongs to; set by the global control plane
 * @param networking where it listens
 */
public record ZoneEgressSpec(String zone, Networking networking) implements ResourceSpec {
  public ZoneEgressSpec {
    zone = SpecValues.text(zone);
  }

  /**
   * @param address the address it binds to
   * @param port the port it listens on
   * @param admin the Envoy admin port
   */
  public record Networking(String address, int port, Admin admin) {
    public Networking {
      address = SpecValues.text(address);
    }
  }

  /**
   * @param port the Envoy admin port; 0 = the control plane's default
   */
  public record Admin(int port) {}
}
