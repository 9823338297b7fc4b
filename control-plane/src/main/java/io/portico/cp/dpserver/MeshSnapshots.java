package io.portico.cp.dpserver;

import io.portico.cp.ca.MeshCas;
import io.portico.cp.compiler.MeshSnapshot;
import io.portico.cp.compiler.MeshSnapshot.CrossMeshGateway;
import io.portico.cp.compiler.MeshSnapshot.ResolvedData;
import io.portico.cp.secret.DataSourceResolver;
import io.portico.cp.store.ListQuery;
import io.portico.cp.store.ResourceStore;
import io.portico.mesh.api.DataSource;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.gateway.GatewaySelection;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import io.portico.mesh.api.mesh.MeshSpec;
import io.portico.mesh.api.mesh.MeshSpec.CertificateAuthorityBackend;
import io.portico.mesh.api.policy.ExternalServiceSpec;
import io.portico.mesh.api.types.ResourceTypes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the {@link MeshSnapshot} of a mesh from the store: the Mesh, its dataplanes, gateways,
 * gateway routes, external services and every other mesh-scoped kind as a policy, each list sorted
 * by name; the CA certificates of the mesh (enabled backend first); the content of every data
 * source its resources name (provided CA certificate and key, MeshGateway listener certificates,
 * ExternalService TLS; a source that cannot be read is a {@link ResolvedData#failed}); and every
 * MeshGateway with a crossMesh listener in every mesh with the gateway dataplanes it configures and
 * its mesh's CA certificates (spec/gateway.md §5).
 *
 * <p>The hash is a SHA-256 of all of it (type, name, creation time and spec of every resource, not
 * versions or modification times, plus the CA certificates, resolved contents and cross-mesh
 * gateways), so that an unchanged mesh gives an unchanged hash.
 */
final class MeshSnapshots {
  /** Mesh-scoped kinds that are not policies: secrets (read as data sources) and insights. */
  static final Set<String> NOT_POLICIES =
      Set.of(ResourceTypes.SECRET.name(), ResourceTypes.DATAPLANE_INSIGHT.name());

  /** Kinds whose changes cannot change a snapshot: what the control plane writes itself. */
  static final Set<String> NOT_INPUT = Set.of(ResourceTypes.DATAPLANE_INSIGHT.name());

  /**
   * Kinds whose change in one mesh may change the cross-mesh gateways every other mesh sees: the
   * gateways, their dataplanes, the Mesh and its secrets (its CA certificates).
   */
  static final Set<String> CROSS_MESH_INPUT =
      Set.of(
          ResourceTypes.MESH.name(),
          ResourceTypes.MESH_GATEWAY.name(),
          ResourceTypes.DATAPLANE.name(),
          ResourceTypes.SECRET.name());

  private static final Set<String> OWN_FIELDS =
      Set.of(
          ResourceTypes.DATAPLANE.name(),
          ResourceTypes.MESH_GATEWAY.name(),
          ResourceTypes.MESH_GATEWAY_ROUTE.name(),
          ResourceTypes.EXTERNAL_SERVICE.name());

  private final ResourceStore store;
  private final ResourceCodec codec;
  private final MeshCas cas;
  private final DataSourceResolver dataSources;

  MeshSnapshots(
      ResourceStore store, ResourceCodec codec, MeshCas cas, DataSourceResolver dataSources) {
    this.store = store;
    this.codec = codec;
    this.cas = cas;
    this.dataSources = dataSources;
  }

  /** Whether a change to this type of resource can change a snapshot. */
  static boolean isInput(String typeName) {
    return !NOT_INPUT.contains(typeName);
  }

  /** The snapshot of the mesh as stored now, or empty when the mesh does not exist. */
  Optional<MeshSnapshot> build(String mesh) {
    Optional<Resource<MeshSpec>> meshResource = store.get(ResourceTypes.MESH, "", mesh);
    if (meshResource.isEmpty()) {
      return Optional.empty();
    }
    Hasher hasher = new Hasher(codec);
    hasher.add(meshResource.get());
    List<Resource<DataplaneSpec>> dataplanes = list(ResourceTypes.DATAPLANE, mesh, hasher);
    List<Resource<MeshGatewaySpec>> gateways = list(ResourceTypes.MESH_GATEWAY, mesh, hasher);
    List<Resource<MeshGatewayRouteSpec>> routes =
        list(ResourceTypes.MESH_GATEWAY_ROUTE, mesh, hasher);
    List<Resource<ExternalServiceSpec>> externalServices =
        list(ResourceTypes.EXTERNAL_SERVICE, mesh, hasher);
    Map<String, List<Resource<? extends ResourceSpec>>> policies = new LinkedHashMap<>();
    codec.types().all().stream()
        .filter(ResourceType::isMeshScoped)
        .filter(t -> !NOT_POLICIES.contains(t.name()) && !OWN_FIELDS.contains(t.name()))
        .sorted(Comparator.comparing(ResourceType::name))
        .forEach(t -> policies.put(t.name(), new ArrayList<>(list(t, mesh, hasher))));

    List<String> trustedCaPems = cas.trustedCaPems(meshResource.get());
    trustedCaPems.forEach(pem -> hasher.addText("trustedCa", pem));

    Map<DataSource, ResolvedData> resolved =
        resolveDataSources(meshResource.get(), gateways, externalServices);
    resolved.entrySet().stream()
        .sorted(Comparator.comparing(e -> sortKey(e.getKey())))
        .forEach(
            e -> {
              hasher.addText("dataSource", sortKey(e.getKey()));
              ResolvedData data = e.getValue();
              hasher.addText(
                  data.isResolved() ? "content" : "error",
                  data.isResolved() ? data.content() : data.error());
            });

    List<CrossMeshGateway> crossMesh =
        crossMeshGateways(meshResource.get(), dataplanes, gateways, trustedCaPems);
    for (CrossMeshGateway g : crossMesh) {
      hasher.addText("crossMesh", g.mesh());
      hasher.add(g.gateway());
      g.dataplanes().forEach(hasher::add);
      g.trustedCaPems().forEach(pem -> hasher.addText("crossMeshCa", pem));
    }
    Map<String, List<String>> meshCaPems =
        crossMesh.isEmpty() ? Map.of() : meshCaPems(meshResource.get(), trustedCaPems);
    meshCaPems.forEach(
        (name, pems) -> {
          hasher.addText("meshCas", name);
          pems.forEach(pem -> hasher.addText("meshCa", pem));
        });
    return Optional.of(
        new MeshSnapshot(
            meshResource.get(),
            dataplanes,
            gateways,
            routes,
            externalServices,
            policies,
            trustedCaPems,
            resolved,
            crossMesh,
            meshCaPems,
            hasher.hex()));
  }

  /**
   * The CA certificates of every mesh with mTLS (spec/gateway.md §5.2: a crossMesh listener accepts
   * sidecars of any mesh); only needed when some mesh has a crossMesh gateway.
   */
  private Map<String, List<String>> meshCaPems(Resource<MeshSpec> mesh, List<String> ownCas) {
    Map<String, List<String>> out = new TreeMap<>();
    for (Resource<MeshSpec> other : store.list(ResourceTypes.MESH, ListQuery.all()).items()) {
      List<String> pems = other.name().equals(mesh.name()) ? ownCas : cas.trustedCaPems(other);
      if (!pems.isEmpty()) {
        out.put(other.name(), pems);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- data sources

  private Map<DataSource, ResolvedData> resolveDataSources(
      Resource<MeshSpec> mesh,
      List<Resource<MeshGatewaySpec>> gateways,
      List<Resource<ExternalServiceSpec>> externalServices) {
    List<DataSource> named = new ArrayList<>();
    MeshSpec.Mtls mtls = mesh.spec().mtls();
    if (mtls != null) {
      for (CertificateAuthorityBackend backend : mtls.backends()) {
        if (backend != null && MeshCas.PROVIDED.equals(backend.type())) {
          named.add(MeshCas.providedCert(backend));
          named.add(MeshCas.providedKey(backend));
        }
      }
    }
    for (Resource<MeshGatewaySpec> gateway : gateways) {
      MeshGatewaySpec.Conf conf = gateway.spec().conf();
      if (conf == null) {
        continue;
      }
      for (MeshGatewaySpec.Listener listener : conf.listeners()) {
        if (listener != null && listener.tls() != null) {
          named.addAll(listener.tls().certificates());
        }
      }
    }
    for (Resource<ExternalServiceSpec> service : externalServices) {
      ExternalServiceSpec.Networking networking = service.spec().networking();
      if (networking != null && networking.tls() != null) {
        ExternalServiceSpec.Tls tls = networking.tls();
        named.add(tls.caCert());
        named.add(tls.clientCert());
        named.add(tls.clientKey());
      }
    }
    Map<DataSource, ResolvedData> out = new LinkedHashMap<>();
    for (DataSource source : named) {
      if (source != null && !source.isEmpty() && !out.containsKey(source)) {
        out.put(source, dataSources.resolve(mesh.name(), source));
      }
    }
    return out;
  }

  private static String sortKey(DataSource source) {
    return source.kind()
        + "\0"
        + source.secret()
        + "\0"
        + source.file()
        + "\0"
        + source.inline()
        + "\0"
        + source.inlineString();
  }

  // ---------------------------------------------------------------- cross-mesh gateways

  /**
   * Every MeshGateway with a crossMesh listener, in every mesh (this one's from the lists already
   * read), ordered by mesh then name, with the builtin gateway dataplanes it configures (as the
   * compiler picks a dataplane's MeshGateway) and its mesh's CA certificates.
   */
  private List<CrossMeshGateway> crossMeshGateways(
      Resource<MeshSpec> mesh,
      List<Resource<DataplaneSpec>> dataplanes,
      List<Resource<MeshGatewaySpec>> gateways,
      List<String> trustedCaPems) {
    Map<String, List<Resource<MeshGatewaySpec>>> byMesh = new TreeMap<>();
    for (Resource<MeshGatewaySpec> gateway :
        store.list(ResourceTypes.MESH_GATEWAY, ListQuery.all()).items()) {
      if (!gateway.mesh().equals(mesh.name())) {
        byMesh.computeIfAbsent(gateway.mesh(), m -> new ArrayList<>()).add(gateway);
      }
    }
    byMesh.put(mesh.name(), gateways);
    List<CrossMeshGateway> out = new ArrayList<>();
    for (Map.Entry<String, List<Resource<MeshGatewaySpec>>> entry : byMesh.entrySet()) {
      List<Resource<MeshGatewaySpec>> meshGateways = new ArrayList<>(entry.getValue());
      meshGateways.sort(Comparator.comparing(Resource::name));
      if (meshGateways.stream().noneMatch(g -> g.spec().isCrossMesh())) {
        continue;
      }
      String gatewayMesh = entry.getKey();
      List<Resource<DataplaneSpec>> meshDataplanes;
      List<String> meshCas;
      if (gatewayMesh.equals(mesh.name())) {
        meshDataplanes = dataplanes;
        meshCas = trustedCaPems;
      } else {
        Optional<Resource<MeshSpec>> other = store.get(ResourceTypes.MESH, "", gatewayMesh);
        if (other.isEmpty()) {
          continue;
        }
        meshDataplanes =
            new ArrayList<>(
                store.list(ResourceTypes.DATAPLANE, ListQuery.inMesh(gatewayMesh)).items());
        meshDataplanes.sort(Comparator.comparing(Resource::name));
        meshCas = cas.trustedCaPems(other.get());
      }
      for (Resource<MeshGatewaySpec> gateway : meshGateways) {
        if (!gateway.spec().isCrossMesh()) {
          continue;
        }
        List<Resource<DataplaneSpec>> selected = new ArrayList<>();
        for (Resource<DataplaneSpec> dataplane : meshDataplanes) {
          if (dataplane.spec().isBuiltinGateway()
              && GatewaySelection.select(
                      meshGateways, dataplane.spec().networking().gateway().tags())
                  .filter(g -> g.name().equals(gateway.name()))
                  .isPresent()) {
            selected.add(dataplane);
          }
        }
        out.add(new CrossMeshGateway(gatewayMesh, gateway, selected, meshCas));
      }
    }
    return out;
  }

  private <S extends ResourceSpec> List<Resource<S>> list(
      ResourceType<S> type, String mesh, Hasher hasher) {
    List<Resource<S>> items = new ArrayList<>(store.list(type, ListQuery.inMesh(mesh)).items());
    items.sort(Comparator.comparing(Resource::name));
    items.forEach(hasher::add);
    return items;
  }

  /** SHA-256 over the resources and texts added, in order. */
  private static final class Hasher {
    private final ResourceCodec codec;
    private final MessageDigest digest;

    Hasher(ResourceCodec codec) {
      this.codec = codec;
      try {
        this.digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is not available in this JVM", e);
      }
    }

    void add(Resource<?> resource) {
      String created =
          resource.meta().creationTime() == null ? "" : resource.meta().creationTime().toString();
      String line =
          resource.type().name()
              + '\0'
              + resource.mesh()
              + '\0'
              + resource.name()
              + '\0'
              + created
              + '\0'
              + codec.specToJson(resource.spec())
              + '\n';
      digest.update(line.getBytes(StandardCharsets.UTF_8));
    }

    void addText(String label, String text) {
      digest.update(
          (label + '\0' + Objects.requireNonNullElse(text, "") + '\n')
              .getBytes(StandardCharsets.UTF_8));
    }

    String hex() {
      return HexFormat.of().formatHex(digest.digest());
    }
  }
}
