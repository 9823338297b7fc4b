package io.portico.cp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.portico.cp.store.ResourceChange.Kind;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceKey;
import io.portico.mesh.api.ResourceMeta;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.Scope;
import io.portico.mesh.api.SpecShape;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.types.ResourceTypes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ResourceStore} has (see its javadoc). A store implementation's test
 * extends this class and says how to open an empty store; other modules reuse it through the
 * cp-store test-jar.
 *
 * <p>Specs of the standard types are built from empty JSON so that the suite does not depend on
 * their fields; {@link #NOTE}, a type of this suite, checks that a spec with values round-trips.
 */
public abstract class ResourceStoreContract {
  protected static final ResourceCodec CODEC = ResourceCodec.standard();
  protected static final Duration FEED_WAIT = Duration.ofSeconds(5);

  /**
   * A spec with values, to check that specs are kept as they were written. Like the real specs,
   * empty collections are omitted from JSON and read back as empty.
   */
  public record NoteSpec(String text, List<String> tags, Map<String, String> labels)
      implements ResourceSpec {
    public NoteSpec {
      tags = tags == null ? List.of() : List.copyOf(tags);
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
  }

  /** A mesh-scoped type of this suite only. */
  public static final ResourceType<NoteSpec> NOTE =
      new ResourceType<>(
          "TestNote",
          "testnotes",
          "testnote",
          "testnotes",
          Scope.MESH,
          SpecShape.INLINE,
          NoteSpec.class,
          (spec, errors) -> {},
          false);

  /** Microseconds: every store keeps at least that. */
  protected final FakeClock clock = new FakeClock(Instant.parse("2024-05-01T10:00:00.123456Z"));

  protected ResourceStore store;

  /** Opens a store with no resources, on the given clock. Called before each test. */
  protected abstract ResourceStore openStore(Clock clock);

  @BeforeEach
  void openEmptyStore() {
    store = openStore(clock);
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  // ---------------------------------------------------------------- fixtures

  protected static <S extends ResourceSpec> S emptySpec(ResourceType<S> type) {
    return CODEC.specFromJson(type, "{}");
  }

  protected static <S extends ResourceSpec> Resource<S> resource(
      ResourceType<S> type, String mesh, String name) {
    return Resource.of(type, mesh, name, emptySpec(type));
  }

  protected static Resource<?> mesh(String name) {
    return resource(ResourceTypes.MESH, "", name);
  }

  protected static Resource<NoteSpec> note(String mesh, String name, String text) {
    return Resource.of(NOTE, mesh, name, new NoteSpec(text, List.of("a", "b"), Map.of("k", "v")));
  }

  protected static ResourceKey key(ResourceType<?> type, String mesh, String name) {
    return new ResourceKey(type.name(), type.isMeshScoped() ? mesh : "", name);
  }

  private static List<String> names(ResourcePage<?> page) {
    return page.items().stream()
        .map(r -> r.mesh().isEmpty() ? r.name() : r.mesh() + "/" + r.name())
        .collect(Collectors.toList());
  }

  // ---------------------------------------------------------------- create and get

  @Test
  protected void createStoresVersionOneWithCreationAndModificationTimeNow() {
    Resource<?> created = store.create(resource(ResourceTypes.SECRET, "default", "s1"));

    assertThat(created.meta().version()).isEqualTo(1);
    assertThat(created.meta().creationTime()).isEqualTo(clock.instant());
    assertThat(created.meta().modificationTime()).isEqualTo(clock.instant());
    assertThat(created.key()).isEqualTo(key(ResourceTypes.SECRET, "default", "s1"));
  }

  @Test
  void getReturnsWhatWasCreated() {
    Resource<NoteSpec> created = store.create(note("default", "n1", "hello \"world\" é"));

    Resource<NoteSpec> read = store.get(NOTE, "default", "n1").orElseThrow();

    assertThat(read).isEqualTo(created);
    assertThat(read.spec())
        .isEqualTo(new NoteSpec("hello \"world\" é", List.of("a", "b"), Map.of("k", "v")));
  }

  @Test
  void getOfAMissingResourceIsEmpty() {
    store.create(resource(ResourceTypes.SECRET, "default", "s1"));

    assertThat(store.get(ResourceTypes.SECRET, "default", "other")).isEmpty();
    assertThat(store.get(ResourceTypes.SECRET, "other", "s1")).isEmpty();
    assertThat(store.get(ResourceTypes.DATAPLANE, "default", "s1")).isEmpty();
  }

  @Test
  void createOfAnExistingResourceIsRefused() {
    store.create(resource(ResourceTypes.SECRET, "default", "s1"));

    assertThatThrownBy(() -> store.create(resource(ResourceTypes.SECRET, "default", "s1")))
        .isInstanceOf(ResourceAlreadyExistsException.class)
        .hasMessageContaining("s1")
        .satisfies(
            e ->
                assertThat(((ResourceAlreadyExistsException) e).key())
                    .isEqualTo(key(ResourceTypes.SECRET, "default", "s1")));
  }

  @Test
  protected void timesKeepAtLeastMilliseconds() {
    clock.set(Instant.parse("2031-12-31T23:59:59.987654321Z"));

    Resource<?> created = store.create(mesh("m1"));
    Resource<?> read = store.get(ResourceTypes.MESH, "", "m1").orElseThrow();

    assertThat(read.meta()).isEqualTo(created.meta());
    assertThat(read.meta().creationTime().truncatedTo(ChronoUnit.MILLIS))
        .isEqualTo(Instant.parse("2031-12-31T23:59:59.987Z"));
  }

  // ---------------------------------------------------------------- update

  @Test
  protected void updateIncrementsTheVersionKeepsTheCreationTimeAndMovesTheModificationTime() {
    Instant created = clock.instant();
    Resource<NoteSpec> v1 = store.create(note("default", "n1", "one"));
    clock.advance(Duration.ofSeconds(90));

    Resource<NoteSpec> v2 = store.update(v1.withSpec(new NoteSpec("two", List.of(), Map.of())));
    clock.advance(Duration.ofSeconds(1));
    Resource<NoteSpec> v3 = store.update(v2.withSpec(new NoteSpec("three", List.of(), Map.of())));

    assertThat(v2.meta().version()).isEqualTo(2);
    assertThat(v3.meta().version()).isEqualTo(3);
    assertThat(v3.meta().creationTime()).isEqualTo(created);
    assertThat(v3.meta().modificationTime()).isEqualTo(clock.instant());
    Resource<NoteSpec> read = store.get(NOTE, "default", "n1").orElseThrow();
    assertThat(read).isEqualTo(v3);
    assertThat(read.spec().text()).isEqualTo("three");
  }

  @Test
  void staleUpdateIsRefusedAsAConflict() {
    Resource<NoteSpec> v1 = store.create(note("default", "n1", "one"));
    store.update(v1.withSpec(new NoteSpec("two", List.of(), Map.of())));

    assertThatThrownBy(() -> store.update(v1.withSpec(new NoteSpec("late", List.of(), Map.of()))))
        .isInstanceOf(ResourceConflictException.class)
        .hasMessageContaining("n1")
        .hasMessageContaining("1")
        .hasMessageContaining("2");
    assertThat(store.get(NOTE, "default", "n1").orElseThrow().spec().text()).isEqualTo("two");
  }

  @Test
  void updateOfAMissingResourceIsNotFound() {
    Resource<?> never =
        resource(ResourceTypes.SECRET, "default", "ghost")
            .withMeta(new ResourceMeta("default", "ghost", 1, null, null));

    assertThatThrownBy(() -> store.update(never))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("ghost");
  }

  @Test
  protected void concurrentUpdatesFromOneVersionLetExactlyOneWin() throws Exception {
    Resource<NoteSpec> v1 = store.create(note("default", "n1", "start"));
    int writers = 6;
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger conflicts = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        String text = "writer-" + i;
        Callable<Boolean> attempt =
            () -> {
              go.await();
              try {
                store.update(v1.withSpec(new NoteSpec(text, List.of(), Map.of())));
                return true;
              } catch (ResourceConflictException e) {
                conflicts.incrementAndGet();
                return false;
              }
            };
        results.add(pool.submit(attempt));
      }
      go.countDown();
      int wins = 0;
      for (Future<Boolean> r : results) {
        wins += r.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
      assertThat(conflicts).hasValue(writers - 1);
      assertThat(store.get(NOTE, "default", "n1").orElseThrow().meta().version()).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- delete

  @Test
  void deleteRemovesTheResource() {
    store.create(resource(ResourceTypes.SECRET, "default", "s1"));
    store.create(resource(ResourceTypes.SECRET, "default", "s2"));

    store.delete(ResourceTypes.SECRET, "default", "s1");

    assertThat(store.get(ResourceTypes.SECRET, "default", "s1")).isEmpty();
    assertThat(store.get(ResourceTypes.SECRET, "default", "s2")).isPresent();
  }

  @Test
  void deleteOfAMissingResourceIsNotFound() {
    assertThatThrownBy(() -> store.delete(ResourceTypes.SECRET, "default", "ghost"))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("ghost")
        .satisfies(
            e ->
                assertThat(((ResourceNotFoundException) e).key())
                    .isEqualTo(key(ResourceTypes.SECRET, "default", "ghost")));
  }

  @Test
  protected void aDeletedNameCanBeCreatedAgainFromVersionOne() {
    Resource<?> first = store.create(resource(ResourceTypes.SECRET, "default", "s1"));
    store.update(first);
    store.delete(ResourceTypes.SECRET, "default", "s1");
    clock.advance(Duration.ofMinutes(1));

    Resource<?> again = store.create(resource(ResourceTypes.SECRET, "default", "s1"));

    assertThat(again.meta().version()).isEqualTo(1);
    assertThat(again.meta().creationTime()).isEqualTo(clock.instant());
  }

  @Test
  void deletingAMeshDeletesEveryResourceOfThatMeshAndNothingElse() {
    store.create(mesh("m1"));
    store.create(mesh("m2"));
    store.create(resource(ResourceTypes.SECRET, "m1", "s1"));
    store.create(resource(ResourceTypes.DATAPLANE, "m1", "dp1.ns1"));
    store.create(note("m1", "n1", "x"));
    store.create(resource(ResourceTypes.SECRET, "m2", "s2"));
    store.create(resource(ResourceTypes.GLOBAL_SECRET, "", "m1-global"));
    store.create(resource(ResourceTypes.ZONE, "", "z1"));

    store.delete(ResourceTypes.MESH, "", "m1");

    assertThat(store.get(ResourceTypes.MESH, "", "m1")).isEmpty();
    assertThat(store.list(ResourceTypes.SECRET, ListQuery.inMesh("m1")).items()).isEmpty();
    assertThat(store.list(ResourceTypes.DATAPLANE, ListQuery.all()).items()).isEmpty();
    assertThat(store.list(NOTE, ListQuery.all()).items()).isEmpty();
    assertThat(store.get(ResourceTypes.MESH, "", "m2")).isPresent();
    assertThat(store.get(ResourceTypes.SECRET, "m2", "s2")).isPresent();
    assertThat(store.get(ResourceTypes.GLOBAL_SECRET, "", "m1-global")).isPresent();
    assertThat(store.get(ResourceTypes.ZONE, "", "z1")).isPresent();
  }

  // ---------------------------------------------------------------- list

  @Test
  void listIsSortedByMeshThenName() {
    store.create(resource(ResourceTypes.SECRET, "mesh-b", "a"));
    store.create(resource(ResourceTypes.SECRET, "mesh-a", "z"));
    store.create(resource(ResourceTypes.SECRET, "mesh-a", "b-2"));
    store.create(resource(ResourceTypes.SECRET, "mesh-a", "b_1"));
    store.create(resource(ResourceTypes.SECRET, "mesh-a", "B"));
    store.create(resource(ResourceTypes.SECRET, "mesh-a", "a.1"));
    store.create(resource(ResourceTypes.SECRET, "mesh", "q"));
    store.create(resource(ResourceTypes.DATAPLANE, "mesh-a", "other-type.ns1"));

    ResourcePage<?> page = store.list(ResourceTypes.SECRET, ListQuery.all());

    assertThat(names(page))
        .containsExactly(
            "mesh/q", "mesh-a/B", "mesh-a/a.1", "mesh-a/b-2", "mesh-a/b_1", "mesh-a/z", "mesh-b/a");
    assertThat(page.total()).isEqualTo(7);
    assertThat(page.hasNext()).isFalse();
  }

  @Test
  void listFiltersByMesh() {
    store.create(resource(ResourceTypes.SECRET, "m1", "b"));
    store.create(resource(ResourceTypes.SECRET, "m1", "a"));
    store.create(resource(ResourceTypes.SECRET, "m2", "c"));
    store.create(resource(ResourceTypes.SECRET, "m10", "d"));

    ResourcePage<?> page = store.list(ResourceTypes.SECRET, ListQuery.inMesh("m1"));

    assertThat(names(page)).containsExactly("m1/a", "m1/b");
    assertThat(page.total()).isEqualTo(2);
    assertThat(store.list(ResourceTypes.SECRET, ListQuery.inMesh("none")).items()).isEmpty();
  }

  @Test
  void listPagesThroughWithOffsetSizeTotalAndNextOffset() {
    for (String name : List.of("e", "a", "d", "b", "c")) {
      store.create(resource(ResourceTypes.SECRET, "m1", name));
    }
    store.create(resource(ResourceTypes.SECRET, "m2", "x"));

    ResourcePage<?> first = store.list(ResourceTypes.SECRET, new ListQuery("m1", 0, 2));
    ResourcePage<?> second = store.list(ResourceTypes.SECRET, new ListQuery("m1", 2, 2));
    ResourcePage<?> last = store.list(ResourceTypes.SECRET, new ListQuery("m1", 4, 2));
    ResourcePage<?> exact = store.list(ResourceTypes.SECRET, new ListQuery("m1", 3, 2));

    assertThat(names(first)).containsExactly("m1/a", "m1/b");
    assertThat(first.total()).isEqualTo(5);
    assertThat(first.nextOffset()).isEqualTo(2);
    assertThat(names(second)).containsExactly("m1/c", "m1/d");
    assertThat(second.nextOffset()).isEqualTo(4);
    assertThat(names(last)).containsExactly("m1/e");
    assertThat(last.total()).isEqualTo(5);
    assertThat(last.nextOffset()).isEqualTo(-1);
    assertThat(last.hasNext()).isFalse();
    assertThat(names(exact)).containsExactly("m1/d", "m1/e");
    assertThat(exact.total()).isEqualTo(5);
    assertThat(exact.hasNext()).isFalse();
  }

  @Test
  void listPastTheEndIsEmptyButCountsTheTotal() {
    store.create(resource(ResourceTypes.SECRET, "m1", "a"));
    store.create(resource(ResourceTypes.SECRET, "m1", "b"));

    ResourcePage<?> page = store.list(ResourceTypes.SECRET, new ListQuery(null, 5, 10));

    assertThat(page.items()).isEmpty();
    assertThat(page.total()).isEqualTo(2);
    assertThat(page.hasNext()).isFalse();
    assertThat(store.list(ResourceTypes.ZONE, ListQuery.all()))
        .satisfies(empty -> assertThat(empty.items()).isEmpty())
        .satisfies(empty -> assertThat(empty.total()).isZero());
  }

  @Test
  void globalTypesIgnoreTheMesh() {
    store.create(resource(ResourceTypes.ZONE, "", "z2"));
    store.create(resource(ResourceTypes.ZONE, "", "z1"));

    assertThat(store.get(ResourceTypes.ZONE, "some-mesh", "z1")).isPresent();
    assertThat(store.get(ResourceTypes.ZONE, null, "z1").orElseThrow().mesh()).isEmpty();
    assertThat(names(store.list(ResourceTypes.ZONE, ListQuery.inMesh("some-mesh"))))
        .containsExactly("z1", "z2");
    store.delete(ResourceTypes.ZONE, "some-mesh", "z1");
    assertThat(names(store.list(ResourceTypes.ZONE, ListQuery.all()))).containsExactly("z2");
  }

  @Test
  protected void theSameNameInAnotherMeshOrTypeIsAnotherResource() {
    store.create(resource(ResourceTypes.SECRET, "m1", "x"));
    store.create(resource(ResourceTypes.SECRET, "m2", "x"));
    store.create(resource(ResourceTypes.DATAPLANE, "m1", "x"));
    store.create(mesh("x"));
    store.create(resource(ResourceTypes.ZONE, "", "x"));

    store.delete(ResourceTypes.SECRET, "m1", "x");

    assertThat(store.get(ResourceTypes.SECRET, "m2", "x")).isPresent();
    assertThat(store.get(ResourceTypes.DATAPLANE, "m1", "x")).isPresent();
    assertThat(store.get(ResourceTypes.MESH, "", "x")).isPresent();
    assertThat(store.get(ResourceTypes.ZONE, "", "x")).isPresent();
  }

  // ---------------------------------------------------------------- change feed

  @Test
  protected void changeFeedDeliversCreatedUpdatedDeletedInOrderOnce() {
    RecordingChangeListener listener = new RecordingChangeListener();
    store.subscribe(listener);
    ResourceKey key = key(ResourceTypes.SECRET, "default", "s1");
    ResourceKey marker = key(ResourceTypes.SECRET, "default", "marker");

    Resource<?> created = store.create(resource(ResourceTypes.SECRET, "default", "s1"));
    store.update(created);
    store.delete(ResourceTypes.SECRET, "default", "s1");
    store.create(resource(ResourceTypes.SECRET, "default", "marker"));

    await().atMost(FEED_WAIT).until(() -> listener.hasSeen(marker));
    assertThat(listener.changes())
        .containsExactly(
            new ResourceChange(Kind.CREATED, key, 1),
            new ResourceChange(Kind.UPDATED, key, 2),
            new ResourceChange(Kind.DELETED, key, 2),
            new ResourceChange(Kind.CREATED, marker, 1));
  }

  @Test
  protected void changeFeedReportsTheResourcesDeletedWithTheirMesh() {
    RecordingChangeListener listener = new RecordingChangeListener();
    store.subscribe(listener);
    store.create(mesh("m1"));
    store.create(resource(ResourceTypes.SECRET, "m1", "s1"));
    store.create(resource(ResourceTypes.DATAPLANE, "m1", "dp1.ns1"));
    store.create(resource(ResourceTypes.SECRET, "m2", "s2"));
    ResourceKey setUp = key(ResourceTypes.SECRET, "m2", "s2");
    await().atMost(FEED_WAIT).until(() -> listener.hasSeen(setUp));
    int before = listener.changes().size();
    ResourceKey marker = key(ResourceTypes.ZONE, "", "marker");

    store.delete(ResourceTypes.MESH, "", "m1");
    store.create(resource(ResourceTypes.ZONE, "", "marker"));

    await().atMost(FEED_WAIT).until(() -> listener.hasSeen(marker));
    List<ResourceChange> all = listener.changesBefore(marker);
    List<ResourceChange> deletions = all.subList(before, all.size());
    assertThat(deletions.get(0))
        .isEqualTo(new ResourceChange(Kind.DELETED, key(ResourceTypes.MESH, "", "m1"), 1));
    assertThat(deletions)
        .containsExactlyInAnyOrder(
            new ResourceChange(Kind.DELETED, key(ResourceTypes.MESH, "", "m1"), 1),
            new ResourceChange(Kind.DELETED, key(ResourceTypes.SECRET, "m1", "s1"), 1),
            new ResourceChange(Kind.DELETED, key(ResourceTypes.DATAPLANE, "m1", "dp1.ns1"), 1));
  }

  @Test
  void aClosedSubscriptionReceivesNothingMore() {
    RecordingChangeListener kept = new RecordingChangeListener();
    RecordingChangeListener dropped = new RecordingChangeListener();
    store.subscribe(kept);
    Subscription subscription = store.subscribe(dropped);
    ResourceKey first = key(ResourceTypes.ZONE, "", "first");
    ResourceKey second = key(ResourceTypes.ZONE, "", "second");

    store.create(resource(ResourceTypes.ZONE, "", "first"));
    await().atMost(FEED_WAIT).until(() -> dropped.hasSeen(first));
    subscription.close();
    store.create(resource(ResourceTypes.ZONE, "", "second"));

    await().atMost(FEED_WAIT).until(() -> kept.hasSeen(second));
    assertThat(dropped.changes()).extracting(ResourceChange::key).containsExactly(first);
  }

  // ---------------------------------------------------------------- leadership

  @Test
  void aLoneStoreBecomesLeaderAndGivesItUpOnClose() {
    RecordingLeadershipListener listener = new RecordingLeadershipListener();
    store.leaderElection().start(listener);

    await().atMost(FEED_WAIT).until(() -> store.leaderElection().isLeader());
    assertThat(listener.events()).containsExactly("acquired");

    store.close();

    assertThat(store.leaderElection().isLeader()).isFalse();
    assertThat(listener.events()).containsExactly("acquired", "lost");
  }
}
