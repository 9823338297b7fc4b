package io.portico.cp.api;

import static io.portico.cp.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portico.cp.ApiClient;
import io.portico.cp.ControlPlane;
import io.portico.cp.ReopenableStore;
import io.portico.cp.TestControlPlanes;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Answers when the store loses a race or fails (spec/core.md §5.5). */
class StoreFailureApiTest {
  @TempDir Path workDir;
  ReopenableStore store;
  ControlPlane cp;
  ApiClient api;

  @BeforeEach
  void start() {
    store = new ReopenableStore();
    cp =
        ControlPlane.start(
            TestControlPlanes.config(workDir, Map.of()),
            TestControlPlanes.options().withStoreOpener(store.opener()));
    api = ApiClient.of(cp);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> api.get("/meshes/default").statusCode() == 200);
  }

  @AfterEach
  void stop() {
    cp.close();
  }

  @Test
  void updateThatKeepsLosingToConcurrentWritersIs409() {
    String body = ResourceApiTest.timeout("default", "t1");
    assertThat(api.put("/meshes/default/timeouts/t1", body).statusCode()).isEqualTo(201);
    store.setEveryUpdateStale(true);
    HttpResponse<String> r = api.put("/meshes/default/timeouts/t1", body);
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(json(r).path("title").asText()).isEqualTo("Could not update a resource");
    assertThat(json(r).path("details").asText()).startsWith("Conflict");
  }

  @Test
  void storeFailureIs500WithoutInternals() {
    store.setUnreachable(true);
    HttpResponse<String> r = api.get("/meshes");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(json(r).path("title").asText()).isEqualTo("Could not retrieve resources");
    assertThat(json(r).path("details").asText()).isEqualTo("Internal Server Error");
    assertThat(r.body()).doesNotContain("unreachable").doesNotContain("Exception");
  }
}
