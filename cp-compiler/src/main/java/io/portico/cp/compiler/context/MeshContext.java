package io.portico.cp.compiler.context;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import io.portico.mesh.api.policy.ExternalServiceSpec;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The resources of one mesh as the planners read them: every list sorted by name, whatever the
 * order the snapshot was built in, so that compilation never depends on input order (Kuma lists
 * resources in name order too, spec/gateway.md §0.1).
 *
 * @param mesh the mesh name
 * @param dataplanes every Dataplane of the mesh
 * @param gateways every MeshGateway of the mesh
 * @param routes every MeshGatewayRoute of the mesh
 * @param externalServices every ExternalService of the mesh
 * @param policies the old-style policies by type name ({@code "Timeout"} → its resources)
 * @param mtls the mesh's mutual TLS
 * @param dataSources the resolved content of the data sources the resources name
 * @param crossMeshGateways every crossMesh MeshGateway of every mesh, by mesh then name
 */
public record MeshContext(
    String mesh,
    List<Resource<DataplaneSpec>> dataplanes,
    List<Resource<MeshGatewaySpec>> gateways,
    List<Resource<MeshGatewayRouteSpec>> routes,
    List<Resource<ExternalServiceSpec>> externalServices,
    Map<String, List<Resource<? extends ResourceSpec>>> policies,
    MeshMtls mtls,
    DataSourceContents dataSources,
    List<CrossMeshPeer> crossMeshGateways,
    Map<String, List<String>> meshCaPems) {
  private static final Comparator<Resource<?>> BY_NAME = Comparator.comparing(Resource::name);

  public MeshContext {
    Objects.requireNonNull(mesh, "mesh");
    dataplanes = sorted(dataplanes);
    gateways = sorted(gateways);
    routes = sorted(routes);
    externalServices = sorted(externalServices);
    Map<String, List<Resource<? extends ResourceSpec>>> byType = new TreeMap<>();
    policies.forEach((type, list) -> byType.put(type, sorted(list)));
    policies = Collections.unmodifiableMap(byType);
    Objects.requireNonNull(mtls, "mtls");
    Objects.requireNonNull(dataSources, "dataSources");
    crossMeshGateways = crossMeshGateways.stream().sorted(CrossMeshPeer.ORDER).toList();
    meshCaPems = Collections.unmodifiableMap(new TreeMap<>(meshCaPems));
  }

  /** The policies of one type, sorted by name; empty when the mesh has none. */
  public <S extends ResourceSpec> List<Resource<S>> policies(ResourceType<S> type) {
    return policies.getOrDefault(type.name(), List.of()).stream().map(r -> r.as(type)).toList();
  }

  private static <R extends Resource<?>> List<R> sorted(List<R> resources) {
    return resources.stream().sorted(BY_NAME).toList();
  }
}
