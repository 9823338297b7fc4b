package io.portico.cp.compiler;

import io.portico.mesh.api.DataSource;
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
 * @param trustedCaPems the certificates (PEM) of the mesh's CA backends, enabled one first; what
 *     peers' certificates must chain to. Empty when the mesh has no mTLS backend
 * @param dataSources the content of every data source the mesh's resources name (gateway
 *     certificates, provided CAs, external-service TLS), resolved by the control plane (secrets,
 *     files); the compiler never reads one itself
 * @param crossMeshGateways every crossMesh MeshGateway of every mesh (this one included) with its
 *     gateway dataplanes and its mesh's CA certificates (spec/gateway.md §5)
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
    List<String> trustedCaPems,
    Map<DataSource, ResolvedData> dataSources,
    List<CrossMeshGateway> crossMeshGateways,
    Map<String, List<String>> meshCaPems,
    String hash) {
  public MeshSnapshot {
    meshCaPems = Map.copyOf(meshCaPems);
    trustedCaPems = List.copyOf(trustedCaPems);
    dataSources = Map.copyOf(dataSources);
    crossMeshGateways = List.copyOf(crossMeshGateways);
    Objects.requireNonNull(mesh, "mesh");
    dataplanes = List.copyOf(dataplanes);
    gateways = List.copyOf(gateways);
    routes = List.copyOf(routes);
    externalServices = List.copyOf(externalServices);
    policies = Map.copyOf(policies);
    Objects.requireNonNull(hash, "hash");
  }

  /** A snapshot of a mesh without mTLS material, data sources or cross-mesh gateways. */
  public MeshSnapshot(
      Resource<MeshSpec> mesh,
      List<Resource<DataplaneSpec>> dataplanes,
      List<Resource<MeshGatewaySpec>> gateways,
      List<Resource<MeshGatewayRouteSpec>> routes,
      List<Resource<ExternalServiceSpec>> externalServices,
      Map<String, List<Resource<? extends ResourceSpec>>> policies,
      String hash) {
    this(
        mesh,
        dataplanes,
        gateways,
        routes,
        externalServices,
        policies,
        List.of(),
        Map.of(),
        List.of(),
        Map.of(),
        hash);
  }

  /**
   * The content of a data source, or why it could not be read.
   *
   * @param content the bytes as text (PEM), or null
   * @param error what went wrong ({@code secret "x" not found}), or null
   */
  public record ResolvedData(String content, String error) {
    public static ResolvedData of(String content) {
      return new ResolvedData(content, null);
    }

    public static ResolvedData failed(String error) {
      return new ResolvedData(null, error);
    }

    public boolean isResolved() {
      return content != null;
    }
  }

  /**
   * A MeshGateway with crossMesh listeners, as other meshes see it.
   *
   * @param mesh the gateway's mesh
   * @param gateway the MeshGateway
   * @param dataplanes the gateway dataplanes it selects (its serving capacity)
   * @param trustedCaPems its mesh's CA certificates
   */
  public record CrossMeshGateway(
      String mesh,
      Resource<MeshGatewaySpec> gateway,
      List<Resource<DataplaneSpec>> dataplanes,
      List<String> trustedCaPems) {
    public CrossMeshGateway {
      dataplanes = List.copyOf(dataplanes);
      trustedCaPems = List.copyOf(trustedCaPems);
    }
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
