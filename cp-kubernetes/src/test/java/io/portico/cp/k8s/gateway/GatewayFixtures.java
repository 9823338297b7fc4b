package io.portico.cp.k8s.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.cp.k8s.KubernetesSettings;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceMeta;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.gateway.MeshGatewayInstanceSpec;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import io.portico.mesh.api.types.ResourceTypes;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Instances, MeshGateways and planners for the controller's tests. */
final class GatewayFixtures {
  static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
  static final String NAMESPACE = "default";
  static final String NAME = "edge-gateway";
  static final String UID = "9a5d4c1e-0000-4000-8000-000000000001";
  static final Map<String, String> EDGE_TAGS = Map.of("kuma.io/service", "edge-gateway");
  private static final ObjectMapper JSON = new ObjectMapper();

  private GatewayFixtures() {}

  /** A planner with the default settings against Kubernetes 1.26. */
  static GatewayInstancePlanner planner() {
    return new GatewayInstancePlanner(
        KubernetesSettings.defaults(), new KubernetesVersion("1", "26"));
  }

  /** {@code default/edge-gateway}, generation 1, with these tags and the CRD defaults. */
  static GatewayInstance instance(Map<String, String> tags) {
    return new GatewayInstance(
        NAMESPACE,
        NAME,
        UID,
        1,
        Map.of(),
        new MeshGatewayInstanceSpec(null, null, tags, null, null),
        InstanceStatus.EMPTY,
        false);
  }

  static GatewayInstance instance() {
    return instance(EDGE_TAGS);
  }

  /** A spec with every 2.0 field. */
  static MeshGatewayInstanceSpec spec(
      int replicas,
      MeshGatewayInstanceSpec.ServiceType type,
      Map<String, String> tags,
      String resourcesJson,
      String serviceTemplateJson) {
    return new MeshGatewayInstanceSpec(
        replicas, type, tags, tree(resourcesJson), tree(serviceTemplateJson));
  }

  static JsonNode tree(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  /** A MeshGateway of mesh {@code default} selecting {@code kuma.io/service: edge-gateway}. */
  static Resource<MeshGatewaySpec> gateway(String name, int... ports) {
    return gateway("default", name, EDGE_TAGS, null, ports);
  }

  /** A MeshGateway with one selector and an HTTP listener per port (hostnames a0, a1, ...). */
  static Resource<MeshGatewaySpec> gateway(
      String mesh, String name, Map<String, String> selector, Instant created, int... ports) {
    List<MeshGatewaySpec.Listener> listeners =
        Arrays.stream(ports)
            .mapToObj(
                p ->
                    new MeshGatewaySpec.Listener(
                        "", p, MeshGatewaySpec.Protocol.HTTP, null, Map.of(), false, null))
            .toList();
    return gateway(mesh, name, List.of(selector), created, listeners);
  }

  static Resource<MeshGatewaySpec> gateway(
      String mesh,
      String name,
      List<Map<String, String>> selectors,
      Instant created,
      List<MeshGatewaySpec.Listener> listeners) {
    MeshGatewaySpec spec =
        new MeshGatewaySpec(
            selectors.stream().map(Selector::of).toList(),
            Map.of(),
            new MeshGatewaySpec.Conf(listeners));
    return new Resource<>(
        ResourceTypes.MESH_GATEWAY, new ResourceMeta(mesh, name, 1, created, created), spec);
  }

  /** An HTTP listener on a port with a hostname. */
  static MeshGatewaySpec.Listener listener(int port, String hostname) {
    return new MeshGatewaySpec.Listener(
        hostname, port, MeshGatewaySpec.Protocol.HTTP, null, Map.of(), false, null);
  }

  /** {@code k1, v1, k2, v2, ...} as an ordered map. */
  static Map<String, String> tags(String... keyValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return map;
  }
}
