package io.portico.cp.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.cp.TestClock;
import io.portico.cp.store.manager.ResourceManager;
import io.portico.cp.store.memory.MemoryStore;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.insight.DataplaneInsightSpec;
import io.portico.mesh.api.types.ResourceTypes;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The leader's subscription finalizer and offline-dataplane collector (spec/core.md §6.8). */
class DataplaneJanitorsTest {
  static final Instant T0 = Instant.parse("2026-01-02T10:00:00Z");

  final TestClock clock = new TestClock(T0);
  final ResourceCodec codec = ResourceCodec.standard();
  ResourceManager manager;
  DataplaneInsights insights;

  @BeforeEach
  void store() {
    manager = new ResourceManager(new MemoryStore(clock), codec.types());
    manager.addHook(new DataplaneInsightCleanup(insights = new DataplaneInsights(manager.store())));
    manager.create(codec.readResource("type: Mesh\nname: default"));
    for (String name : new String[] {"web-1", "web-2", "never"}) {
      manager.create(
          codec.readResource(
              """
              type: Dataplane
              mesh: default
              name: %s
              networking:
                address: 127.0.0.1
                inbound:
                  - port: 8080
                    tags: {kuma.io/service: web}
              """
                  .formatted(name)));
    }
  }

  static DataplaneInsightSpec.Subscription open(String id, long generation) {
    return new DataplaneInsightSpec.Subscription(
        id, "cp-a", T0, null, null, null, "", "", "", generation);
  }

  DataplaneInsightSpec.Subscription stored(String dataplane, String id) {
    return insights.get("default", dataplane).orElseThrow().subscriptions().stream()
        .filter(s -> s.id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aSubscriptionWhoseGenerationStoodStillForAWholePassIsEnded() {
    SubscriptionFinalizer finalizer = new SubscriptionFinalizer(manager.store(), insights, clock);
    insights.put("default", "web-1", open("s-dead", 3));
    insights.put("default", "web-2", open("s-alive", 3));

    assertThat(finalizer.run()).as("the first pass only records generations").isZero();
    insights.put("default", "web-2", open("s-alive", 4));
    clock.advance(Duration.ofMinutes(5));

    assertThat(finalizer.run()).isEqualTo(1);
    assertThat(stored("web-1", "s-dead").disconnectTime())
        .isEqualTo(T0.plus(Duration.ofMinutes(5)));
    assertThat(stored("web-1", "s-dead").generation()).isEqualTo(3);
    assertThat(stored("web-2", "s-alive").isConnected()).isTrue();
    assertThat(insights.get("default", "web-1").orElseThrow().isConnected()).isFalse();

    clock.advance(Duration.ofMinutes(5));
    assertThat(finalizer.run()).as("no heartbeat since the last pass: ended too").isEqualTo(1);
    assertThat(stored("web-2", "s-alive").isConnected()).isFalse();
  }

  @Test
  void aNewLeaderWaitsAWholePassBeforeEndingAnything() {
    SubscriptionFinalizer finalizer = new SubscriptionFinalizer(manager.store(), insights, clock);
    insights.put("default", "web-1", open("s-1", 7));
    finalizer.run();
    finalizer.reset();
    assertThat(finalizer.run()).isZero();
    assertThat(stored("web-1", "s-1").isConnected()).isTrue();
    assertThat(finalizer.run()).isEqualTo(1);
  }

  @Test
  void aSubscriptionThatMovesOnBetweenTheReadAndTheWriteIsNotEnded() {
    insights.put("default", "web-1", open("s-1", 7));
    insights.put("default", "web-1", open("s-1", 8));
    assertThat(insights.endIfGeneration("default", "web-1", "s-1", 7, clock.instant())).isFalse();
    assertThat(stored("web-1", "s-1").isConnected()).isTrue();
    assertThat(insights.endIfGeneration("default", "web-1", "s-1", 8, clock.instant())).isTrue();
    assertThat(insights.endIfGeneration("default", "web-1", "s-1", 8, clock.instant()))
        .as("already ended")
        .isFalse();
  }

  @Test
  void dataplanesOfflineLongerThanTheCleanupAgeAreDeletedWithTheirInsight() {
    OfflineDataplaneCollector collector =
        new OfflineDataplaneCollector(manager, Duration.ofHours(72), clock);
    insights.put("default", "web-1", open("s-1", 1).disconnectedAt(T0));
    insights.put("default", "web-2", open("s-2", 1));

    clock.advance(Duration.ofHours(72));
    assertThat(collector.run()).as("exactly the age is not older than it").isZero();

    clock.advance(Duration.ofSeconds(1));
    assertThat(collector.run()).isEqualTo(1);
    assertThat(manager.get(ResourceTypes.DATAPLANE, "default", "web-1")).isEmpty();
    assertThat(insights.get("default", "web-1")).isEmpty();
    assertThat(manager.get(ResourceTypes.DATAPLANE, "default", "web-2"))
        .as("connected")
        .isPresent();
    assertThat(manager.get(ResourceTypes.DATAPLANE, "default", "never"))
        .as("never connected: no insight, kept")
        .isPresent();
  }

  @Test
  void aDataplaneWithOneOpenSubscriptionAmongEndedOnesIsKept() {
    OfflineDataplaneCollector collector =
        new OfflineDataplaneCollector(manager, Duration.ofHours(1), clock);
    insights.put("default", "web-1", open("old", 1).disconnectedAt(T0));
    clock.advance(Duration.ofSeconds(1));
    insights.put(
        "default",
        "web-1",
        new DataplaneInsightSpec.Subscription(
            "new", "cp-b", clock.instant(), null, null, null, "", "", "", 0));
    clock.advance(Duration.ofHours(2));
    assertThat(collector.run()).isZero();
    assertThat(manager.get(ResourceTypes.DATAPLANE, "default", "web-1")).isPresent();
  }

  @Test
  void passesAreATenthOfTheAgeBetween100MillisecondsAndAMinute() {
    assertThat(new OfflineDataplaneCollector(manager, Duration.ofHours(72), clock).interval())
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(new OfflineDataplaneCollector(manager, Duration.ofSeconds(5), clock).interval())
        .isEqualTo(Duration.ofMillis(500));
    assertThat(new OfflineDataplaneCollector(manager, Duration.ofMillis(10), clock).interval())
        .isEqualTo(Duration.ofMillis(100));
  }
}
