package io.portico.cp.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.portico.cp.ca.MeshCas;
import io.portico.cp.defaults.MeshDefaults;
import io.portico.cp.k8s.controller.ReconcileQueue;
import io.portico.cp.store.LeadershipListener;
import io.portico.cp.store.ListQuery;
import io.portico.cp.store.ResourceNotFoundException;
import io.portico.cp.store.ResourceStore;
import io.portico.cp.store.Subscription;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.mesh.MeshSpec;
import io.portico.mesh.api.mesh.MeshSpec.CertificateAuthorityBackend;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Kuma's mesh controllers do for Meshes written with kubectl, which the resource manager's
 * hooks never see (spec/kubernetes.md §3.3), on the leader only:
 *
 * <ul>
 *   <li>creates the mesh's default resources once, then annotates the Mesh {@code
 *       k8s.kuma.io/mesh-defaults-generated: "true"} so that a deleted default stays deleted;
 *   <li>creates the secrets of its builtin CA backends when they are missing;
 *   <li>when the Mesh is gone, deletes what it owned (D4: not relying on the garbage collector).
 * </ul>
 */
public final class MeshController implements LeadershipListener, AutoCloseable {
  static final String DEFAULTS_GENERATED = "k8s.kuma.io/mesh-defaults-generated";
  private static final Logger log = LoggerFactory.getLogger(MeshController.class);

  private final KubernetesClient client;
  private final ResourceStore store;
  private final ResourceTypes types;
  private final MeshDefaults defaults;
  private final MeshCas cas;
  private final ReconcileQueue queue;
  private final Subscription subscription;
  private volatile boolean isLeader;

  public MeshController(
      KubernetesClient client,
      ResourceStore store,
      ResourceTypes types,
      MeshDefaults defaults,
      MeshCas cas) {
    this.client = client;
    this.store = store;
    this.types = types;
    this.defaults = defaults;
    this.cas = cas;
    this.queue = new ReconcileQueue("mesh", this::reconcile);
    this.subscription =
        store.subscribe(
            change -> {
              if (change.key().type().equals(ResourceTypes.MESH.name())) {
                queue.enqueue(change.key().name());
              }
            });
  }

  @Override
  public void leadershipAcquired() {
    isLeader = true;
    store.list(ResourceTypes.MESH, ListQuery.all()).items().forEach(m -> queue.enqueue(m.name()));
  }

  @Override
  public void leadershipLost() {
    isLeader = false;
  }

  private void reconcile(String mesh) {
    if (!isLeader) {
      return;
    }
    Optional<Resource<MeshSpec>> current = store.get(ResourceTypes.MESH, "", mesh);
    if (current.isEmpty()) {
      deleteOwned(mesh);
      return;
    }
    ensureCas(current.get());
    GenericKubernetesResource object = meshObject(mesh);
    if (object == null) {
      return;
    }
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    if (annotations != null && "true".equals(annotations.get(DEFAULTS_GENERATED))) {
      return;
    }
    int created = defaults.ensure(mesh);
    meshes()
        .withName(mesh)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"" + DEFAULTS_GENERATED + "\":\"true\"}}}");
    log.info("mesh defaults generated mesh={} created={}", mesh, created);
  }

  private void ensureCas(Resource<MeshSpec> mesh) {
    if (mesh.spec().mtls() == null) {
      return;
    }
    List<CertificateAuthorityBackend> backends = mesh.spec().mtls().backends();
    Errors errors = new Errors();
    for (int i = 0; i < backends.size(); i++) {
      CertificateAuthorityBackend backend = backends.get(i);
      if (backend != null && backend.type().equals(MeshCas.BUILTIN)) {
        cas.ensureBuiltin(mesh.name(), backend, Path.of("mtls.backends").index(i), errors);
      }
    }
    if (!errors.isEmpty()) {
      log.error("mesh CA not ready mesh={} problems={}", mesh.name(), errors.violations());
    }
  }

  /** The resources of a deleted Mesh, deleted as the garbage collector would (D4). */
  private void deleteOwned(String mesh) {
    int deleted = 0;
    for (ResourceType<?> type : types.all()) {
      if (!type.isMeshScoped() || KubernetesKinds.of(type.name()).isEmpty()) {
        continue;
      }
      for (Resource<?> r : store.list(type, ListQuery.inMesh(mesh)).items()) {
        try {
          store.delete(type, mesh, r.name());
          deleted++;
        } catch (ResourceNotFoundException e) {
          // already gone
        }
      }
    }
    if (deleted > 0) {
      log.info("resources of a deleted mesh deleted mesh={} count={}", mesh, deleted);
    }
  }

  private GenericKubernetesResource meshObject(String mesh) {
    return meshes().withName(mesh).get();
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
      meshes() {
    var kind = KubernetesKinds.of(ResourceTypes.MESH.name()).orElseThrow();
    return client.genericKubernetesResources(
        new ResourceDefinitionContext.Builder()
            .withGroup(KubernetesKinds.GROUP)
            .withVersion(KubernetesKinds.VERSION)
            .withKind(kind.kind())
            .withPlural(kind.plural())
            .withNamespaced(false)
            .build());
  }

  @Override
  public void close() {
    subscription.close();
    queue.close();
  }
}
