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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the compiler may read about one mesh, at one moment: an immutable value built by the
 * control plane from its store. Lists are sorted by name so that compilation is deterministic.
 *
 * <p>What every proxy's compilation derives from the mesh alone (the resources sorted by name, the
 * endpoints indexed by service, the dataplanes by name) is computed once, on first use, and kept
 * with the snapshot: the compilations of all the proxies of a mesh share it. It is an immutable
 * value too, so the snapshot stays safe to share between threads; two threads asking at once may
 * each compute it, and get equal values. Equality and hash code are those of the components only.
 *
 * <p>Components (as a record's):
 *
 * <ul>
 *   <li>{@code mesh}: the Mesh resource
 *   <li>{@code dataplanes}: every Dataplane of the mesh
 *   <li>{@code gateways}: every MeshGateway of the mesh
 *   <li>{@code routes}: every MeshGatewayRoute of the mesh
 *   <li>{@code externalServices}: every ExternalService of the mesh
 *   <li>{@code policies}: the old-style policies of the mesh by type name ({@code "Timeout"} → its
 *       resources), for policy matching
 *   <li>{@code trustedCaPems}: the certificates (PEM) of the mesh's CA backends, enabled one first;
 *       what peers' certificates must chain to. Empty when the mesh has no mTLS backend
 *   <li>{@code dataSources}: the content of every data source the mesh's resources name (gateway
 *       certificates, provided CAs, external-service TLS), resolved by the control plane (secrets,
 *       files); the compiler never reads one itself
 *   <li>{@code crossMeshGateways}: every crossMesh MeshGateway of every mesh (this one included)
 *       with its gateway dataplanes and its mesh's CA certificates (spec/gateway.md §5)
 *   <li>{@code meshCaPems}: the CA certificates of the other meshes, by mesh name
 *   <li>{@code hash}: a digest of all of the above (same content, same hash), computed by whoever
 *       builds the snapshot; used to skip recompiling when nothing changed
 * </ul>
 */
public final class MeshSnapshot {
  private final Resource<MeshSpec> mesh;
  private final List<Resource<DataplaneSpec>> dataplanes;
  private final List<Resource<MeshGatewaySpec>> gateways;
  private final List<Resource<MeshGatewayRouteSpec>> routes;
  private final List<Resource<ExternalServiceSpec>> externalServices;
  private final Map<String, List<Resource<? extends ResourceSpec>>> policies;
  private final List<String> trustedCaPems;
  private final Map<DataSource, ResolvedData> dataSources;
  private final List<CrossMeshGateway> crossMeshGateways;
  private final Map<String, List<String>> meshCaPems;
  private final String hash;

  /**
   * Derived on first use ({@link #compilationInputs}); an immutable value, so a racy read is safe.
   */
  private volatile CompilationInputs compilationInputs;

  /** Derived on first use ({@link #dataplane}); immutable. */
  private volatile Map<String, Resource<DataplaneSpec>> dataplanesByName;

  public MeshSnapshot(
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
    this.meshCaPems = Map.copyOf(meshCaPems);
    this.trustedCaPems = List.copyOf(trustedCaPems);
    this.dataSources = Map.copyOf(dataSources);
    this.crossMeshGateways = List.copyOf(crossMeshGateways);
    this.mesh = Objects.requireNonNull(mesh, "mesh");
    this.dataplanes = List.copyOf(dataplanes);
    this.gateways = List.copyOf(gateways);
    this.routes = List.copyOf(routes);
    this.externalServices = List.copyOf(externalServices);
    this.policies = Map.copyOf(policies);
    this.hash = Objects.requireNonNull(hash, "hash");
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

  public Resource<MeshSpec> mesh() {
    return mesh;
  }

  public List<Resource<DataplaneSpec>> dataplanes() {
    return dataplanes;
  }

  public List<Resource<MeshGatewaySpec>> gateways() {
    return gateways;
  }

  public List<Resource<MeshGatewayRouteSpec>> routes() {
    return routes;
  }

  public List<Resource<ExternalServiceSpec>> externalServices() {
    return externalServices;
  }

  public Map<String, List<Resource<? extends ResourceSpec>>> policies() {
    return policies;
  }

  public List<String> trustedCaPems() {
    return trustedCaPems;
  }

  public Map<DataSource, ResolvedData> dataSources() {
    return dataSources;
  }

  public List<CrossMeshGateway> crossMeshGateways() {
    return crossMeshGateways;
  }

  public Map<String, List<String>> meshCaPems() {
    return meshCaPems;
  }

  public String hash() {
    return hash;
  }

  /**
   * The dataplane of the mesh named {@code name}, found in a map built on first use (a control
   * plane looks up every connected proxy's dataplane in each new snapshot).
   */
  public Optional<Resource<DataplaneSpec>> dataplane(String name) {
    Map<String, Resource<DataplaneSpec>> byName = dataplanesByName;
    if (byName == null) {
      Map<String, Resource<DataplaneSpec>> built = new HashMap<>();
      for (Resource<DataplaneSpec> dataplane : dataplanes) {
        built.putIfAbsent(dataplane.name(), dataplane);
      }
      byName = Collections.unmodifiableMap(built);
      dataplanesByName = byName;
    }
    return Optional.ofNullable(byName.get(name));
  }

  /** What every compilation over this snapshot shares; computed on first use. */
  CompilationInputs compilationInputs() {
    CompilationInputs inputs = compilationInputs;
    if (inputs == null) {
      inputs = CompilationInputs.of(this);
      compilationInputs = inputs;
    }
    return inputs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MeshSnapshot other
        && mesh.equals(other.mesh)
        && dataplanes.equals(other.dataplanes)
        && gateways.equals(other.gateways)
        && routes.equals(other.routes)
        && externalServices.equals(other.externalServices)
        && policies.equals(other.policies)
        && trustedCaPems.equals(other.trustedCaPems)
        && dataSources.equals(other.dataSources)
        && crossMeshGateways.equals(other.crossMeshGateways)
        && meshCaPems.equals(other.meshCaPems)
        && hash.equals(other.hash);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        mesh,
        dataplanes,
        gateways,
        routes,
        externalServices,
        policies,
        trustedCaPems,
        dataSources,
        crossMeshGateways,
        meshCaPems,
        hash);
  }

  @Override
  public String toString() {
    return "MeshSnapshot[mesh="
        + mesh.name()
        + ", dataplanes="
        + dataplanes.size()
        + ", hash="
        + hash
        + "]";
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
