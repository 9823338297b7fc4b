package io.portico.cp.dpserver;

import io.portico.cp.compiler.MeshSnapshot;
import io.portico.cp.store.ListQuery;
import io.portico.cp.store.ResourceStore;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import io.portico.mesh.api.mesh.MeshSpec;
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
import java.util.Optional;
import java.util.Set;

/**
 * Builds the {@link MeshSnapshot} of a mesh from the store: the Mesh, its dataplanes, gateways,
 * gateway routes, external services and every other mesh-scoped kind as a policy, each list sorted
 * by name, and a SHA-256 of all of it (type, name, creation time and spec of every resource, not
 * versions or modification times), so that an unchanged mesh gives an unchanged hash.
 */
final class MeshSnapshots {
  /** Mesh-scoped kinds that are not compiler input: secrets and what the control plane writes. */
  static final Set<String> NOT_INPUT = Set.of("Secret", ResourceTypes.DATAPLANE_INSIGHT.name());

  private static final Set<String> OWN_FIELDS =
      Set.of(
          ResourceTypes.DATAPLANE.name(),
          ResourceTypes.MESH_GATEWAY.name(),
          ResourceTypes.MESH_GATEWAY_ROUTE.name(),
          ResourceTypes.EXTERNAL_SERVICE.name());

  private final ResourceStore store;
  private final ResourceCodec codec;

  MeshSnapshots(ResourceStore store, ResourceCodec codec) {
    this.store = store;
    this.codec = codec;
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
        .filter(t -> isInput(t.name()) && !OWN_FIELDS.contains(t.name()))
        .sorted(Comparator.comparing(ResourceType::name))
        .forEach(t -> policies.put(t.name(), new ArrayList<>(list(t, mesh, hasher))));
    return Optional.of(
        new MeshSnapshot(
            meshResource.get(),
            dataplanes,
            gateways,
            routes,
            externalServices,
            policies,
            hasher.hex()));
  }

  private <S extends ResourceSpec> List<Resource<S>> list(
      ResourceType<S> type, String mesh, Hasher hasher) {
    List<Resource<S>> items = new ArrayList<>(store.list(type, ListQuery.inMesh(mesh)).items());
    items.sort(Comparator.comparing(Resource::name));
    items.forEach(hasher::add);
    return items;
  }

  /** SHA-256 over the resources added, in order. */
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
              + resource.name()
              + '\0'
              + created
              + '\0'
              + codec.specToJson(resource.spec())
              + '\n';
      digest.update(line.getBytes(StandardCharsets.UTF_8));
    }

    String hex() {
      return HexFormat.of().formatHex(digest.digest());
    }
  }
}
