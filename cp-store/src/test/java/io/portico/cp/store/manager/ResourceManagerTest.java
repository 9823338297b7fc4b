package io.portico.cp.store.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.cp.store.ChangeListener;
import io.portico.cp.store.FakeClock;
import io.portico.cp.store.LeaderElection;
import io.portico.cp.store.ListQuery;
import io.portico.cp.store.ResourceConflictException;
import io.portico.cp.store.ResourceNotFoundException;
import io.portico.cp.store.ResourcePage;
import io.portico.cp.store.ResourceStore;
import io.portico.cp.store.Subscription;
import io.portico.cp.store.memory.MemoryStore;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.Scope;
import io.portico.mesh.api.SpecShape;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.ValidationException;
import io.portico.mesh.api.validation.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The manager over a memory store. Meshes and dataplanes are put in the store directly, and the
 * resources written through the manager are of this test's own types, so that the rules proven here
 * do not depend on the validators of the real kinds.
 */
class ResourceManagerTest {
  private static final ResourceCodec CODEC = ResourceCodec.standard();

  /** A spec whose validator refuses {@code value: bad} and {@code other: bad}. */
  record ProbeSpec(String value, String other) implements ResourceSpec {}

  private static final ResourceType<ProbeSpec> PROBE = probeType("Probe", Scope.MESH);
  private static final ResourceType<ProbeSpec> GLOBAL_PROBE =
      probeType("GlobalProbe", Scope.GLOBAL);

  private static ResourceType<ProbeSpec> probeType(String name, Scope scope) {
    return new ResourceType<>(
        name,
        name.toLowerCase() + "s",
        name.toLowerCase(),
        name.toLowerCase() + "s",
        scope,
        SpecShape.INLINE,
        ProbeSpec.class,
        (spec, errors) -> {
          if ("bad".equals(spec.value())) {
            errors.add("value", "must not be bad");
          }
          if ("bad".equals(spec.other())) {
            errors.add("other", "must not be bad");
          }
        },
        false);
  }

  private final FakeClock clock = new FakeClock(Instant.parse("2024-05-01T10:00:00Z"));
  private final MemoryStore memory = new MemoryStore(clock);
  private final ResourceManager manager = new ResourceManager(memory, ResourceTypes.standard());

  @AfterEach
  void closeStore() {
    memory.close();
  }

  private static Resource<ProbeSpec> probe(String mesh, String name, String value) {
    return Resource.of(PROBE, mesh, name, new ProbeSpec(value, null));
  }

  private void storeMesh(String name) {
    memory.create(
        Resource.of(ResourceTypes.MESH, "", name, CODEC.specFromJson(ResourceTypes.MESH, "{}")));
  }

  private void storeDataplane(String mesh, String name) {
    memory.create(
        Resource.of(
            ResourceTypes.DATAPLANE,
            mesh,
            name,
            CODEC.specFromJson(ResourceTypes.DATAPLANE, "{}")));
  }

  // ---------------------------------------------------------------- validation

  @Test
  void everyValidationErrorIsReportedAtOnceAndNothingIsWritten() {
    storeMesh("default");
    Resource<ProbeSpec> bad =
        Resource.of(PROBE, "Bad Mesh", "Bad.Name", new ProbeSpec("bad", "bad"));

    assertThatThrownBy(() -> manager.create(bad))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::field)
                    .containsExactlyInAnyOrder("name", "mesh", "value", "other"));
    assertThat(memory.list(PROBE, ListQuery.all()).items()).isEmpty();
  }

  @Test
  void validationComesBeforeTheMeshCheck() {
    assertThatThrownBy(() -> manager.create(probe("missing", "p1", "bad")))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void validateListsTheViolationsWithoutWriting() {
    assertThat(manager.validate(probe("default", "p1", "bad")))
        .containsExactly(new Violation("value", "must not be bad"));
    assertThat(manager.validate(probe("default", "p1", "good"))).isEmpty();
  }

  @Test
  void anUpdateIsValidatedToo() {
    storeMesh("default");
    Resource<ProbeSpec> created = manager.create(probe("default", "p1", "good"));

    assertThatThrownBy(() -> manager.update(created.withSpec(new ProbeSpec("bad", null))))
        .isInstanceOf(ValidationException.class);
    assertThat(manager.get(PROBE, "default", "p1").orElseThrow().spec().value()).isEqualTo("good");
  }

  // ---------------------------------------------------------------- ownership

  @Test
  void aResourceOfAMissingMeshIsRefused() {
    assertThatThrownBy(() -> manager.create(probe("nowhere", "p1", "good")))
        .isInstanceOfSatisfying(
            MeshNotFoundException.class, e -> assertThat(e.mesh()).isEqualTo("nowhere"))
        .hasMessageContaining("nowhere");
    assertThat(memory.list(PROBE, ListQuery.all()).items()).isEmpty();
  }

  @Test
  void aGlobalResourceNeedsNoMesh() {
    Resource<ProbeSpec> created =
        manager.create(Resource.of(GLOBAL_PROBE, "", "g1", new ProbeSpec("good", null)));

    assertThat(created.meta().version()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- update and upsert

  @Test
  void anUpdateWithVersionZeroReplacesWhateverIsStored() {
    storeMesh("default");
    manager.create(probe("default", "p1", "one"));
    manager.update(
        manager.get(PROBE, "default", "p1").orElseThrow().withSpec(new ProbeSpec("two", null)));

    Resource<ProbeSpec> updated = manager.update(probe("default", "p1", "three"));

    assertThat(updated.meta().version()).isEqualTo(3);
    assertThat(updated.spec().value()).isEqualTo("three");
  }

  @Test
  void anUpdateWithAStaleVersionIsAConflict() {
    storeMesh("default");
    Resource<ProbeSpec> v1 = manager.create(probe("default", "p1", "one"));
    manager.update(v1.withSpec(new ProbeSpec("two", null)));

    assertThatThrownBy(() -> manager.update(v1.withSpec(new ProbeSpec("late", null))))
        .isInstanceOf(ResourceConflictException.class);
  }

  @Test
  void anUpdateOfAMissingResourceIsNotFound() {
    storeMesh("default");

    assertThatThrownBy(() -> manager.update(probe("default", "ghost", "x")))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("ghost");
  }

  @Test
  void upsertCreatesWhatIsMissingAndUpdatesWhatExists() {
    storeMesh("default");
    Instant created = clock.instant();

    UpsertResult first = manager.upsert(probe("default", "p1", "one"));
    clock.advance(Duration.ofMinutes(5));
    UpsertResult second = manager.upsert(probe("default", "p1", "two"));

    assertThat(first.created()).isTrue();
    assertThat(first.resource().meta().version()).isEqualTo(1);
    assertThat(second.created()).isFalse();
    assertThat(second.resource().meta().version()).isEqualTo(2);
    assertThat(second.resource().meta().creationTime()).isEqualTo(created);
    assertThat(second.resource().meta().modificationTime()).isEqualTo(clock.instant());
    assertThat(manager.get(PROBE, "default", "p1").orElseThrow().spec().value()).isEqualTo("two");
  }

  @Test
  void upsertRetriesWhenSomeoneElseWritesInBetween() {
    storeMesh("default");
    manager.create(probe("default", "p1", "one"));
    InterferingStore interfering = new InterferingStore(memory, 2);
    ResourceManager racing = new ResourceManager(interfering, ResourceTypes.standard());

    UpsertResult result = racing.upsert(probe("default", "p1", "mine"));

    assertThat(result.created()).isFalse();
    assertThat(interfering.interferences()).isEqualTo(2);
    assertThat(result.resource().meta().version()).isEqualTo(4);
    assertThat(memory.get(PROBE, "default", "p1").orElseThrow().spec().value()).isEqualTo("mine");
  }

  @Test
  void upsertGivesUpAfterFiveConflicts() {
    storeMesh("default");
    manager.create(probe("default", "p1", "one"));
    InterferingStore interfering = new InterferingStore(memory, Integer.MAX_VALUE);
    ResourceManager racing = new ResourceManager(interfering, ResourceTypes.standard());

    assertThatThrownBy(() -> racing.upsert(probe("default", "p1", "mine")))
        .isInstanceOf(ResourceConflictException.class);
    assertThat(interfering.interferences()).isEqualTo(5);
  }

  // ---------------------------------------------------------------- delete

  @Test
  void aMeshWithDataplanesCannotBeDeleted() {
    storeMesh("m1");
    storeDataplane("m1", "dp1");

    assertThatThrownBy(() -> manager.delete(ResourceTypes.MESH, "", "m1"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.violations())
                    .containsExactly(
                        new Violation(
                            "mesh",
                            "unable to delete mesh, there are still some dataplanes attached")));
    assertThat(memory.get(ResourceTypes.MESH, "", "m1")).isPresent();
    assertThat(memory.get(ResourceTypes.DATAPLANE, "m1", "dp1")).isPresent();
  }

  @Test
  void aMeshWhoseDataplanesAreGoneIsDeletedWithItsResources() {
    storeMesh("m1");
    storeMesh("m2");
    storeDataplane("m1", "dp1");
    storeDataplane("m2", "dp1");
    manager.create(probe("m1", "p1", "x"));
    manager.delete(ResourceTypes.DATAPLANE, "m1", "dp1");

    manager.delete(ResourceTypes.MESH, "", "m1");

    assertThat(memory.get(ResourceTypes.MESH, "", "m1")).isEmpty();
    assertThat(memory.get(PROBE, "m1", "p1")).isEmpty();
    assertThat(memory.get(ResourceTypes.DATAPLANE, "m2", "dp1")).isPresent();
  }

  @Test
  void unsafeDeleteDeletesAMeshThatStillHasDataplanes() {
    storeMesh("m1");
    storeDataplane("m1", "dp1");
    ResourceManager unsafe = new ResourceManager(memory, ResourceTypes.standard(), true);

    unsafe.delete(ResourceTypes.MESH, "", "m1");

    assertThat(memory.get(ResourceTypes.DATAPLANE, "m1", "dp1")).isEmpty();
  }

  @Test
  void deletingAMissingResourceIsNotFound() {
    assertThatThrownBy(() -> manager.delete(ResourceTypes.MESH, "", "ghost"))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("ghost");
  }

  @Test
  void hooksRunAroundWritesAndMayRefuseADelete() {
    storeMesh("default");
    AtomicInteger created = new AtomicInteger();
    manager.addHook(
        new ResourceHook() {
          @Override
          public void afterCreate(Resource<?> resource) {
            created.incrementAndGet();
          }

          @Override
          public void beforeDelete(
              io.portico.mesh.api.ResourceKey toDelete,
              io.portico.mesh.api.validation.Errors errors) {
            errors.add("name", "protected");
          }
        });
    manager.create(probe("default", "p1", "x"));

    assertThatThrownBy(() -> manager.delete(PROBE, "default", "p1"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("protected");
    assertThat(created).hasValue(1);
    assertThat(memory.get(PROBE, "default", "p1")).isPresent();
  }

  /**
   * A store on which another writer updates a resource just before each of the first {@code times}
   * updates, so that they conflict.
   */
  private static final class InterferingStore implements ResourceStore {
    private final ResourceStore delegate;
    private final int times;
    private final AtomicInteger interferences = new AtomicInteger();

    InterferingStore(ResourceStore delegate, int times) {
      this.delegate = delegate;
      this.times = times;
    }

    int interferences() {
      return interferences.get();
    }

    @Override
    public <S extends ResourceSpec> Resource<S> update(Resource<S> resource) {
      if (interferences.get() < times) {
        interferences.incrementAndGet();
        Resource<S> current =
            delegate.get(resource.type(), resource.mesh(), resource.name()).orElseThrow();
        delegate.update(current);
      }
      return delegate.update(resource);
    }

    @Override
    public <S extends ResourceSpec> Resource<S> create(Resource<S> resource) {
      return delegate.create(resource);
    }

    @Override
    public void delete(ResourceType<?> type, String mesh, String name) {
      delegate.delete(type, mesh, name);
    }

    @Override
    public <S extends ResourceSpec> Optional<Resource<S>> get(
        ResourceType<S> type, String mesh, String name) {
      return delegate.get(type, mesh, name);
    }

    @Override
    public <S extends ResourceSpec> ResourcePage<S> list(ResourceType<S> type, ListQuery query) {
      return delegate.list(type, query);
    }

    @Override
    public Subscription subscribe(ChangeListener listener) {
      return delegate.subscribe(listener);
    }

    @Override
    public LeaderElection leaderElection() {
      return delegate.leaderElection();
    }

    @Override
    public void close() {}
  }
}
