package io.portico.cp.compiler.gateway;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import io.portico.mesh.api.gateway.MeshGatewaySpec.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The listeners of a MeshGateway sharing one port: one bound socket (spec/gateway.md §2.3).
 *
 * @param name {@code <meshgateway>:<PROTOCOL>:<port>}, e.g. {@code edge-gateway:HTTP:8080}
 * @param port the port
 * @param protocol the protocol of the group's first listener (validation makes them agree)
 * @param crossMesh whether the first listener is reachable from other meshes
 * @param connectionLimit the first non-zero connection limit of the group; 0 = unlimited
 * @param listeners the group's listeners in declaration order
 */
public record PortGroupPlan(
    String name,
    int port,
    Protocol protocol,
    boolean crossMesh,
    int connectionLimit,
    List<GatewayListener> listeners) {
  public PortGroupPlan {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(protocol, "protocol");
    listeners = List.copyOf(listeners);
  }

  /**
   * The port groups of a gateway for a dataplane with the given gateway tags, by ascending port.
   * Each group's protocol and crossMesh flag come from its first listener; its connection limit is
   * the first non-zero one (validation rejects two different limits on one port).
   */
  public static List<PortGroupPlan> of(
      Resource<MeshGatewaySpec> gateway, Map<String, String> dataplaneTags) {
    MeshGatewaySpec spec = gateway.spec();
    Map<Integer, List<GatewayListener>> byPort = new TreeMap<>();
    List<MeshGatewaySpec.Listener> listeners =
        spec.conf() == null ? List.of() : spec.conf().listeners();
    for (int i = 0; i < listeners.size(); i++) {
      MeshGatewaySpec.Listener listener = listeners.get(i);
      if (listener == null) {
        continue;
      }
      Map<String, String> tags =
          GatewayListener.mergedTags(dataplaneTags, spec.tags(), listener.tags());
      byPort
          .computeIfAbsent(listener.port(), p -> new ArrayList<>())
          .add(new GatewayListener(i, listener, tags));
    }
    List<PortGroupPlan> groups = new ArrayList<>();
    byPort.forEach(
        (port, group) -> {
          MeshGatewaySpec.Listener first = group.get(0).listener();
          int limit =
              group.stream()
                  .mapToInt(l -> l.listener().connectionLimit())
                  .filter(l -> l > 0)
                  .findFirst()
                  .orElse(0);
          groups.add(
              new PortGroupPlan(
                  gateway.name() + ":" + first.protocol().name() + ":" + port,
                  port,
                  first.protocol(),
                  first.crossMesh(),
                  limit,
                  group));
        });
    return groups;
  }
}
