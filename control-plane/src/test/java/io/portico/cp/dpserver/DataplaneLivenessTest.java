package io.portico.cp.dpserver;

import static io.portico.cp.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.cp.insight.DataplaneInsights;
import io.portico.mesh.api.insight.DataplaneInsightSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stale subscriptions and offline dataplanes (spec/core.md §6.8) on a running control plane: open
 * streams show they are alive by their generation, the leader ends subscriptions nobody keeps alive
 * and deletes dataplanes offline longer than the cleanup age.
 */
class DataplaneLivenessTest {
  static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path workDir;
  DpFixture dp;

  @BeforeEach
  void start() {
    dp =
        DpFixture.start(
            workDir,
            Map.of(
                "PORTICO_METRICS_DATAPLANE_IDLE_TIMEOUT", "1500ms",
                "PORTICO_RUNTIME_UNIVERSAL_DATAPLANE_CLEANUP_AGE", "2s"),
            o -> o);
  }

  @AfterEach
  void stop() {
    dp.close();
  }

  private JsonNode lastSubscription(String name) {
    JsonNode subscriptions =
        json(dp.api.get("/meshes/default/dataplane-insights/" + name)).path("subscriptions");
    return subscriptions.get(subscriptions.size() - 1);
  }

  @Test
  void anOpenStreamStaysOnlineAcrossFinalizerPassesAndItsGenerationGrows() {
    dp.putDataplane("default", "web-1", DpFixture.dataplane("default", "web-1", "web"));
    TestProxy proxy =
        dp.connect(TestProxy.hello("default", "web-1"), dp.tokenFor("default", "web-1"));
    proxy.nextConfig();

    await("six heartbeats, spanning two finalizer passes")
        .atMost(WAIT)
        .until(() -> lastSubscription("web-1").path("generation").asLong() >= 6);
    JsonNode subscription = lastSubscription("web-1");
    assertThat(subscription.has("disconnectTime")).as(subscription.toString()).isFalse();
    assertThat(dp.status("/meshes/default/dataplanes/web-1"))
        .as("an online dataplane is never collected")
        .isEqualTo(200);
  }

  @Test
  void aSubscriptionLeftOpenByADeadControlPlaneIsEndedAndTheDataplaneCollected() {
    dp.putDataplane("default", "web-2", DpFixture.dataplane("default", "web-2", "web"));
    new DataplaneInsights(dp.cp.manager().store())
        .put(
            "default",
            "web-2",
            new DataplaneInsightSpec.Subscription(
                "from-a-dead-cp", "dead-cp", Instant.now(), null, null, null, "", "", "", 4));

    await("the leader ends the subscription")
        .atMost(WAIT)
        .until(() -> lastSubscription("web-2").has("disconnectTime"));
    assertThat(lastSubscription("web-2").path("generation").asLong()).isEqualTo(4);

    await("the offline dataplane is deleted after the cleanup age")
        .atMost(WAIT)
        .until(() -> dp.status("/meshes/default/dataplanes/web-2") == 404);
    assertThat(dp.status("/meshes/default/dataplane-insights/web-2")).isEqualTo(404);
  }
}
