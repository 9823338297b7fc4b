package io.portico.cp.k8s.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.portico.cp.k8s.MockApiServer;
import io.portico.cp.k8s.TestCrds;
import io.portico.cp.store.ListQuery;
import io.portico.cp.store.ResourceConflictException;
import io.portico.cp.store.ResourceStore;
import io.portico.cp.store.ResourceStoreContract;
import io.portico.cp.store.UnreadableResourceException;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceMeta;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.types.KubernetesKinds.KubernetesKind;
import io.portico.mesh.api.types.KubernetesKinds.MeshPlacement;
import io.portico.mesh.api.types.ResourceTypes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract on the Kubernetes API (fabric8's mock API server in CRUD mode), where the
 * semantics are shared; the tests Kubernetes answers differently are overridden with its semantics:
 * versions are {@code resourceVersion}s (increasing, not 1, 2, 3), times come from the API server
 * with second precision, and the modification time is the creation time (Kuma 2.0).
 */
class KubernetesStoreTest extends ResourceStoreContract {
  static final KubernetesKind NOTE_KIND =
      new KubernetesKind(
          NOTE.name(),
          NOTE.name(),
          "testnotes",
          "testnote",
          false,
          MeshPlacement.FIELD,
          "spec",
          false,
          null);

  static final ResourceTypes TYPES_WITH_NOTE = withNote();

  MockApiServer apiServer;
  KubernetesClient client;

  private static ResourceTypes withNote() {
    List<io.portico.mesh.api.ResourceType<?>> all =
        new java.util.ArrayList<>(ResourceTypes.standard().all());
    all.add(NOTE);
    return new ResourceTypes(all);
  }

  @Override
  protected ResourceStore openStore(Clock clock) {
    apiServer = MockApiServer.start();
    client = apiServer.client();
    TestCrds.registerAll(client);
    TestCrds.register(client, List.of(NOTE_KIND));
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("kuma-system").endMetadata().build())
        .create();
    return KubernetesStore.open(
        client,
        TYPES_WITH_NOTE,
        name -> name.equals(NOTE.name()) ? Optional.of(NOTE_KIND) : KubernetesKinds.of(name),
        CODEC,
        "kuma-system",
        clock,
        new LeaseLeaderElection(
            client, "kuma-system", "portico-cp-leader", "test", Duration.ofSeconds(15)),
        Duration.ofSeconds(10));
  }

  /** Runs before the contract's own {@code @AfterEach}: the store first, then the mock. */
  @AfterEach
  void stopApiServer() {
    store.close();
    apiServer.close();
  }

  // ---------------------------------------------------------------- Kubernetes' own semantics

  @Test
  @Override
  protected void createStoresVersionOneWithCreationAndModificationTimeNow() {
    Resource<?> created = store.create(resource(ResourceTypes.SECRET, "default", "s1"));

    assertThat(created.meta().version()).isPositive();
    assertThat(created.meta().creationTime()).isNotNull();
    assertThat(created.meta().modificationTime()).isEqualTo(created.meta().creationTime());
  }

  @Test
  @Override
  protected void timesKeepAtLeastMilliseconds() {
    Resource<?> created = store.create(mesh("m1"));
    Resource<?> read = store.get(ResourceTypes.MESH, "", "m1").orElseThrow();

    assertThat(read.meta()).isEqualTo(created.meta());
    assertThat(read.meta().creationTime().getNano()).isZero();
  }

  @Test
  @Override
  protected void updateIncrementsTheVersionKeepsTheCreationTimeAndMovesTheModificationTime() {
    Resource<NoteSpec> v1 = store.create(note("default", "n1", "one"));
    Resource<NoteSpec> v2 = store.update(v1.withSpec(new NoteSpec("two", List.of(), Map.of())));
    Resource<NoteSpec> v3 = store.update(v2.withSpec(new NoteSpec("three", List.of(), Map.of())));

    assertThat(v2.meta().version()).isGreaterThan(v1.meta().version());
    assertThat(v3.meta().version()).isGreaterThan(v2.meta().version());
    assertThat(v3.meta().creationTime()).isEqualTo(v1.meta().creationTime());
    assertThat(v3.meta().modificationTime()).isEqualTo(v1.meta().creationTime());
    Resource<NoteSpec> read = store.get(NOTE, "default", "n1").orElseThrow();
    assertThat(read).isEqualTo(v3);
  }

  @Test
  @Override
  protected void concurrentUpdatesFromOneVersionLetExactlyOneWin() throws Exception {
    Resource<NoteSpec> v1 = store.create(note("default", "n1", "start"));
    Resource<NoteSpec> first = store.update(v1.withSpec(new NoteSpec("a", List.of(), Map.of())));
    assertThatThrownBy(() -> store.update(v1.withSpec(new NoteSpec("b", List.of(), Map.of()))))
        .isInstanceOf(ResourceConflictException.class);
    assertThat(store.get(NOTE, "default", "n1").orElseThrow().meta()).isEqualTo(first.meta());
  }

  @Test
  @Override
  protected void aDeletedNameCanBeCreatedAgainFromVersionOne() {
    Resource<?> first = store.create(resource(ResourceTypes.SECRET, "default", "s1"));
    store.delete(ResourceTypes.SECRET, "default", "s1");

    Resource<?> again = store.create(resource(ResourceTypes.SECRET, "default", "s1"));

    assertThat(again.meta().version()).isGreaterThan(first.meta().version());
    assertThat(store.get(ResourceTypes.SECRET, "default", "s1")).isPresent();
  }

  /**
   * On Kubernetes a name is unique per kind (and namespace), not per mesh: Kuma's Secrets share the
   * system namespace and cluster-scoped policies the cluster, so the same name in another mesh is
   * taken.
   */
  @Test
  @Override
  protected void theSameNameInAnotherMeshOrTypeIsAnotherResource() {
    store.create(resource(ResourceTypes.SECRET, "m1", "x"));
    store.create(resource(ResourceTypes.DATAPLANE, "m1", "x.ns1"));
    store.create(mesh("x"));
    store.create(resource(ResourceTypes.ZONE, "", "x"));

    assertThatThrownBy(() -> store.create(resource(ResourceTypes.SECRET, "m2", "x")))
        .isInstanceOf(io.portico.cp.store.ResourceAlreadyExistsException.class);
    store.delete(ResourceTypes.SECRET, "m1", "x");

    assertThat(store.get(ResourceTypes.DATAPLANE, "m1", "x.ns1")).isPresent();
    assertThat(store.get(ResourceTypes.MESH, "", "x")).isPresent();
    assertThat(store.get(ResourceTypes.ZONE, "", "x")).isPresent();
  }

  /**
   * Changes come from the API server's watch, in order, with {@code resourceVersion}s; a write that
   * changes nothing is no change (the API server keeps the version).
   */
  @Test
  @Override
  protected void changeFeedDeliversCreatedUpdatedDeletedInOrderOnce() {
    var listener = new io.portico.cp.store.RecordingChangeListener();
    store.subscribe(listener);
    var key = key(NOTE, "default", "n1");
    // Of the same kind as n1: each kind has its own watch, only one kind's changes are ordered.
    var marker = key(NOTE, "default", "marker");

    Resource<NoteSpec> created = store.create(note("default", "n1", "one"));
    Resource<NoteSpec> updated =
        store.update(created.withSpec(new NoteSpec("two", List.of(), Map.of())));
    store.delete(NOTE, "default", "n1");
    store.create(note("default", "marker", "after"));

    await().atMost(FEED_WAIT).until(() -> listener.hasSeen(marker));
    assertThat(listener.changes())
        .extracting(c -> c.kind() + " " + c.key())
        .containsExactly("CREATED " + key, "UPDATED " + key, "DELETED " + key, "CREATED " + marker);
    assertThat(listener.changes().get(0).version()).isEqualTo(created.meta().version());
    assertThat(listener.changes().get(1).version()).isEqualTo(updated.meta().version());
  }

  @Test
  @Override
  protected void changeFeedReportsTheResourcesDeletedWithTheirMesh() {
    var listener = new io.portico.cp.store.RecordingChangeListener();
    store.subscribe(listener);
    store.create(mesh("m1"));
    store.create(resource(ResourceTypes.SECRET, "m1", "s1"));
    store.create(resource(ResourceTypes.DATAPLANE, "m1", "dp1.ns1"));
    store.create(resource(ResourceTypes.SECRET, "m2", "s2"));
    var setUp = key(ResourceTypes.SECRET, "m2", "s2");
    await().atMost(FEED_WAIT).until(() -> listener.hasSeen(setUp));

    store.delete(ResourceTypes.MESH, "", "m1");

    // Each kind has its own watch: deletions of different kinds arrive in no set order.
    await()
        .atMost(FEED_WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        listener.changes().stream()
                            .filter(
                                c -> c.kind() == io.portico.cp.store.ResourceChange.Kind.DELETED)
                            .map(c -> c.key().toString()))
                    .containsExactlyInAnyOrder(
                        key(ResourceTypes.MESH, "", "m1").toString(),
                        key(ResourceTypes.SECRET, "m1", "s1").toString(),
                        key(ResourceTypes.DATAPLANE, "m1", "dp1.ns1").toString()));
  }

  // ---------------------------------------------------------------- mapping (spec §2)

  @Test
  void aMeshScopedResourceIsAClusterScopedObjectWithAMeshFieldOwnedByItsMesh() {
    store.create(mesh("m1"));
    store.create(resource(ResourceTypes.TIMEOUT, "m1", "t1"));

    GenericKubernetesResource object =
        client
            .genericKubernetesResources(
                KubernetesStore.context(KubernetesKinds.of("Timeout").orElseThrow()))
            .withName("t1")
            .get();
    assertThat(object.getAdditionalProperties()).containsEntry("mesh", "m1");
    assertThat(object.getMetadata().getNamespace()).isNull();
    assertThat(object.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("Mesh");
              assertThat(o.getName()).isEqualTo("m1");
              assertThat(o.getController()).isNull();
            });
    assertThat(store.get(ResourceTypes.TIMEOUT, "other", "t1")).isEmpty();
  }

  @Test
  void aNamespacedResourceIsNamedNameDotNamespace() {
    store.create(mesh("default"));
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
        .create();
    store.create(resource(ResourceTypes.DATAPLANE, "default", "web-1.shop"));

    GenericKubernetesResource object =
        client
            .genericKubernetesResources(
                KubernetesStore.context(KubernetesKinds.of("Dataplane").orElseThrow()))
            .inNamespace("shop")
            .withName("web-1")
            .get();
    assertThat(object).isNotNull();
    assertThat(store.list(ResourceTypes.DATAPLANE, ListQuery.inMesh("default")).items())
        .extracting(Resource::name)
        .containsExactly("web-1.shop");
    assertThatThrownBy(() -> store.create(resource(ResourceTypes.DATAPLANE, "default", "nodot")))
        .hasMessageContaining("must include namespace after the dot");
  }

  @Test
  void aSecretIsAKubernetesSecretOfTheSystemNamespaceWithItsMeshAsALabel() {
    Resource<?> secret =
        Resource.of(
            ResourceTypes.SECRET,
            "m1",
            "s1",
            CODEC.specFromJson(ResourceTypes.SECRET, "{\"data\":\"YWJj\"}"));
    store.create(secret);

    var stored = client.secrets().inNamespace("kuma-system").withName("s1").get();
    assertThat(stored.getType()).isEqualTo(KubernetesKinds.SECRET_TYPE);
    assertThat(stored.getData()).containsEntry("value", "YWJj");
    assertThat(stored.getMetadata().getLabels()).containsEntry("kuma.io/mesh", "m1");
    assertThat(store.get(ResourceTypes.SECRET, "m1", "s1").orElseThrow().spec())
        .isEqualTo(secret.spec());
    assertThat(store.get(ResourceTypes.GLOBAL_SECRET, "", "s1")).isEmpty();
  }

  @Test
  void changesMadeByOthersReachSubscribers() {
    var changes = new io.portico.cp.store.RecordingChangeListener();
    store.subscribe(changes);
    GenericKubernetesResource mesh = new GenericKubernetesResource();
    mesh.setApiVersion(KubernetesKinds.API_VERSION);
    mesh.setKind("Mesh");
    mesh.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("by-kubectl").build());
    client
        .genericKubernetesResources(
            KubernetesStore.context(KubernetesKinds.of("Mesh").orElseThrow()))
        .resource(mesh)
        .create();

    await()
        .atMost(FEED_WAIT)
        .untilAsserted(
            () -> assertThat(store.get(ResourceTypes.MESH, "", "by-kubectl")).isPresent());
    await()
        .atMost(FEED_WAIT)
        .until(() -> changes.changes().stream().anyMatch(c -> c.key().name().equals("by-kubectl")));
  }

  @Test
  void anObjectWhoseSpecCannotBeReadIsLeftOutAndNamed() {
    store.create(mesh("default"));
    GenericKubernetesResource bad = new GenericKubernetesResource();
    bad.setApiVersion(KubernetesKinds.API_VERSION);
    bad.setKind("Timeout");
    bad.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("bad").build());
    bad.setAdditionalProperty("mesh", "default");
    bad.setAdditionalProperty("spec", Map.of("conf", Map.of("connectTimeout", 5)));
    client
        .genericKubernetesResources(
            KubernetesStore.context(KubernetesKinds.of("Timeout").orElseThrow()))
        .resource(bad)
        .create();
    store.create(resource(ResourceTypes.TIMEOUT, "default", "good"));

    await()
        .atMost(FEED_WAIT)
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> store.get(ResourceTypes.TIMEOUT, "default", "bad"))
                    .isInstanceOf(UnreadableResourceException.class)
                    .hasMessageContaining("conf.connectTimeout"));
    assertThat(store.list(ResourceTypes.TIMEOUT, ListQuery.inMesh("default")).items())
        .extracting(Resource::name)
        .containsExactly("good");
    // Reported once on the object, where kubectl describe shows it.
    await()
        .atMost(FEED_WAIT)
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace("default").list().getItems())
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getReason()).isEqualTo(KubernetesStore.UNREADABLE_REASON);
                          assertThat(e.getInvolvedObject().getKind()).isEqualTo("Timeout");
                          assertThat(e.getInvolvedObject().getName()).isEqualTo("bad");
                          assertThat(e.getMessage())
                              .startsWith("Left out of the mesh until it is fixed")
                              .contains("conf.connectTimeout");
                        }));
  }

  @Test
  void anUpdateKeepsTheObjectsLabelsAndOwners() {
    store.create(mesh("m1"));
    Resource<?> created = store.create(resource(ResourceTypes.TIMEOUT, "m1", "t1"));
    store.update(
        created.withMeta(new ResourceMeta("m1", "t1", created.meta().version(), null, null)));

    GenericKubernetesResource object =
        client
            .genericKubernetesResources(
                KubernetesStore.context(KubernetesKinds.of("Timeout").orElseThrow()))
            .withName("t1")
            .get();
    assertThat(object.getMetadata().getOwnerReferences()).hasSize(1);
    assertThat(Instant.parse(object.getMetadata().getCreationTimestamp())).isNotNull();
  }
}
