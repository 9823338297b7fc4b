package io.portico.mesh.api.zone;

import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.SpecValues;
import java.util.List;
import java.util.Map;

/**
 * The spec of a ZoneIngress (spec/core.md §7.5): the proxy that receives cross-zone traffic and
 * forwards it by SNI to local endpoints.
 *
 * @param zone the zone it belongs to; set by the global control plane
 * @param networking where it listens and is reached
 * @param availableServices the services reachable through it, maintained by the zone control plane
 */
public record ZoneIngressSpec(
    String zone, Networking networking, List<AvailableService> availableServices)
    implements ResourceSpec {
  public ZoneIngressSpec {
    zone = SpecValues.text(zone);
    availableServices = SpecValues.list(availableServices);
  }

  /**
   * @param address the address it binds to
   * @param advertisedAddress the address other zones dial; set together with {@code advertisedPort}
   * @param port the port it listens on
   * @param advertisedPort the port other zones dial
   * @param admin the Envoy admin port
   */
  public record Networking(
      String address, String advertisedAddress, int port, int advertisedPort, Admin admin) {
    public Networking {
      address = SpecValues.text(address);
      advertisedAddress = SpecValues.text(advertisedAddress);
    }
  }

  /**
   * @param port the Envoy admin port; 0 = the control plane's default
   */
  public record Admin(int port) {}

  /**
   * @param tags the service instance tags; {@code kuma.io/service} is mandatory
   * @param instances number of healthy instances behind the ingress (load-balancing weight)
   * @param mesh the mesh of the service
   * @param externalService whether it is an ExternalService reached through the zone egress
   */
  public record AvailableService(
      Map<String, String> tags, int instances, String mesh, boolean externalService) {
    public AvailableService {
      tags = SpecValues.tags(tags);
      mesh = SpecValues.text(mesh);
    }
  }
}
