package io.portico.cp.compiler;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import io.portico.mesh.api.mesh.MeshSpec;
import io.portico.mesh.api.policy.ExternalServiceSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the compiler may read about one mesh, at one moment: an immutable value built by the
 * control plane from its store. Lists are sorted by name so that compilation is deterministic.
 *
 * @param mesh the Mesh resource
 * @param dataplanes every Dataplane of the mesh
 * @param gateways every MeshGateway of the mesh
 * @param routes every MeshGatewayRoute of the mesh
 * @param externalServices every ExternalService of the mesh
 * @param policies the old-style policies of the mesh by type name ({@code "Timeout"} → its
 *     resources), for policy matching
 * @param hash a digest of all of the above (same content, same hash), computed by whoever builds
 *     the snapshot; used to skip recompiling when nothing changed
 */
public record MeshSnapshot(
    Resource<MeshSpec> mesh,
    List<Resource<DataplaneSpec>> dataplanes,
    List<Resource<MeshGatewaySpec>> gateways,
    List<Resource<MeshGatewayRouteSpec>> routes,
    List<Resource<ExternalServiceSpec>> externalServices,
    Map<String, List<Resource<? extends ResourceSpec>>> policies,
    String hash) {
  public MeshSnapshot {
    Objects.requireNonNull(mesh, "mesh");
    dataplanes = List.copyOf(dataplanes);
    gateways = List.copyOf(gateways);
    routes = List.copyOf(routes);
    externalServices = List.copyOf(externalServices);
    policies = Map.copyOf(policies);
    Objects.requireNonNull(hash, "hash");
  }

  public String meshName() {
    return mesh.name();
  }

  /**
   * The policies of one type, typed: {@code policies(ResourceTypes.TIMEOUT)}. Empty when the mesh
   * has none.
   *
   * @throws IllegalArgumentException when a resource filed under the type's name is of another type
   */
  public <S extends ResourceSpec> List<Resource<S>> policies(ResourceType<S> type) {
    return policies.getOrDefault(type.name(), List.of()).stream().map(r -> r.as(type)).toList();
  }
}
