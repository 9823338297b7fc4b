package io.portico.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.it.support.ControlPlaneProcess;
import io.portico.it.support.DataplaneProcess;
import io.portico.it.support.EchoProcess;
import io.portico.it.support.MeshApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A control plane killed with its proxies connected leaves subscriptions that look open; after a
 * restart the leader ends them and, past the cleanup age, deletes the offline dataplanes
 * (spec/core.md §6.8). Real programs: {@code portico-cp} on SQLite, {@code portico-dp}, SIGKILL.
 */
class DataplaneCleanupIT {
  @TempDir Path temp;

  @Test
  void aDataplaneLeftOnlineByAKilledControlPlaneGoesOfflineThenIsDeleted() throws Exception {
    try (ControlPlaneProcess cp =
            ControlPlaneProcess.start(
                temp.resolve("cp"),
                Map.of(
                    "PORTICO_METRICS_DATAPLANE_IDLE_TIMEOUT", "3s",
                    "PORTICO_RUNTIME_UNIVERSAL_DATAPLANE_CLEANUP_AGE", "4s"));
        EchoProcess web = EchoProcess.http("web-1", temp.resolve("web"))) {
      MeshApi api = new MeshApi(cp);
      DataplaneProcess sidecar =
          DataplaneProcess.sidecar(cp, api, temp, "web-1", "web", "http", web.port());
      await("the proxy's stream recorded")
          .atMost(Duration.ofSeconds(30))
          .until(() -> api.status("/meshes/default/dataplane-insights/web-1") == 200);

      cp.program().kill();
      sidecar.program().kill();
      cp.restartProcess();

      JsonNode stale = lastSubscription(api);
      assertThat(stale.has("disconnectTime"))
          .as("nobody closed the stream: it still looks open " + stale)
          .isFalse();
      await("the leader ends the subscription nobody keeps alive")
          .atMost(Duration.ofSeconds(60))
          .until(() -> lastSubscription(api).has("disconnectTime"));
      await("the offline dataplane is deleted past the cleanup age")
          .atMost(Duration.ofSeconds(60))
          .until(() -> api.status("/meshes/default/dataplanes/web-1") == 404);
      assertThat(api.status("/meshes/default/dataplane-insights/web-1")).isEqualTo(404);
    }
  }

  private static JsonNode lastSubscription(MeshApi api) {
    JsonNode subscriptions =
        api.get("/meshes/default/dataplane-insights/web-1").path("subscriptions");
    return subscriptions.get(subscriptions.size() - 1);
  }
}
