package io.portico.cp.dpserver;

import static io.portico.cp.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DataplaneInsight through the API and the dataplane overviews (spec/core.md §5.1–§5.6). */
class InsightApiTest {
  @TempDir Path workDir;
  DpFixture dp;

  @BeforeEach
  void start() {
    dp = DpFixture.start(workDir);
    dp.putDataplane("default", "web-1", DpFixture.dataplane("default", "web-1", "web"));
    dp.putDataplane("default", "web-2", DpFixture.dataplane("default", "web-2", "web"));
    dp.putDataplane("default", "backend-1", DpFixture.dataplane("default", "backend-1", "backend"));
    dp.putDataplane("default", "edge", DpFixture.gateway("default", "edge", "edge-gateway"));
  }

  @AfterEach
  void stop() {
    dp.close();
  }

  private TestProxy connected(String name) {
    TestProxy proxy = dp.connect(TestProxy.hello("default", name), dp.tokenFor("default", name));
    proxy.nextConfig();
    return proxy;
  }

  private static String names(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    StringBuilder out = new StringBuilder();
    for (JsonNode item : json(response).path("items")) {
      out.append(out.length() == 0 ? "" : ",").append(item.path("name").asText());
    }
    return out.toString();
  }

  @Test
  void insightsAreReadOnlyThroughTheApi() {
    connected("web-1");
    String body =
        "{\"type\":\"DataplaneInsight\",\"mesh\":\"default\",\"name\":\"web-1\",\"subscriptions\":[]}";

    HttpResponse<String> put = dp.api.put("/meshes/default/dataplane-insights/web-1", body);
    HttpResponse<String> delete = dp.api.delete("/meshes/default/dataplane-insights/web-1");

    for (HttpResponse<String> response : java.util.List.of(put, delete)) {
      assertThat(response.statusCode()).isEqualTo(405);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      assertThat(response.body())
          .isEqualTo(
              "405: Method Not Allowed: DataplaneInsight is read-only; the control plane writes"
                  + " it");
    }
    assertThat(dp.status("/meshes/default/dataplane-insights/web-1")).isEqualTo(200);
  }

  @Test
  void anInsightIsDeletedWithItsDataplane() {
    TestProxy proxy = connected("web-1");
    proxy.leave();
    await()
        .atMost(DpFixture.WAIT)
        .until(() -> dp.lastSubscription("default", "web-1").hasNonNull("disconnectTime"));

    assertThat(dp.api.delete("/meshes/default/dataplanes/web-1").statusCode()).isEqualTo(200);

    assertThat(dp.status("/meshes/default/dataplane-insights/web-1")).isEqualTo(404);
  }

  @Test
  void overviewHasTheDataplaneAndItsInsight() {
    connected("web-1");

    JsonNode overview = dp.overview("default", "web-1");

    assertThat(overview.path("type").asText()).isEqualTo("DataplaneOverview");
    assertThat(overview.path("mesh").asText()).isEqualTo("default");
    assertThat(overview.path("name").asText()).isEqualTo("web-1");
    assertThat(overview.path("creationTime").asText()).isNotEmpty();
    assertThat(overview.path("modificationTime").asText()).isNotEmpty();
    assertThat(overview.at("/dataplane/networking/address").asText()).isEqualTo("127.0.0.1");
    assertThat(overview.has("networking")).isFalse();
    JsonNode subscription = overview.at("/dataplaneInsight/subscriptions/0");
    assertThat(subscription.path("id").asText()).isNotEmpty();
    assertThat(subscription.has("disconnectTime")).isFalse();

    JsonNode neverConnected = dp.overview("default", "web-2");
    assertThat(neverConnected.path("dataplaneInsight").isObject()).isTrue();
    assertThat(neverConnected.path("dataplaneInsight").isEmpty()).isTrue();
    assertThat(dp.status("/meshes/default/dataplanes+insights/nope")).isEqualTo(404);
  }

  @Test
  void overviewsAreListedFilteredAndPaged() {
    assertThat(names(dp.api.get("/meshes/default/dataplanes+insights")))
        .isEqualTo("backend-1,edge,web-1,web-2");
    assertThat(names(dp.api.get("/dataplanes+insights"))).isEqualTo("backend-1,edge,web-1,web-2");
    assertThat(names(dp.api.get("/meshes/default/dataplanes+insights?gateway=true")))
        .isEqualTo("edge");
    assertThat(names(dp.api.get("/meshes/default/dataplanes+insights?gateway=false")))
        .isEqualTo("backend-1,web-1,web-2");
    assertThat(names(dp.api.get("/meshes/default/dataplanes+insights?tag=kuma.io/service:web")))
        .isEqualTo("web-1,web-2");
    assertThat(
            names(
                dp.api.get(
                    "/meshes/default/dataplanes+insights?tag=kuma.io/service:back"
                        + "&tag=kuma.io/protocol:http")))
        .isEqualTo("backend-1");
    assertThat(names(dp.api.get("/meshes/default/dataplanes+insights?ingress=true"))).isEmpty();

    HttpResponse<String> page = dp.api.get("/meshes/default/dataplanes+insights?size=3");
    assertThat(names(page)).isEqualTo("backend-1,edge,web-1");
    JsonNode body = json(page);
    assertThat(body.path("total").asInt()).isEqualTo(4);
    assertThat(body.path("next").asText())
        .endsWith("/meshes/default/dataplanes+insights?offset=3&size=3");
    assertThat(names(dp.api.get(body.path("next").asText()))).isEqualTo("web-2");
    assertThat(json(dp.api.get(body.path("next").asText())).path("next").isNull()).isTrue();
  }

  @Test
  void badFiltersAreRefusedWithTheirCauses() {
    HttpResponse<String> response =
        dp.api.get("/meshes/default/dataplanes+insights?gateway=maybe&tag=novalue");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = json(response);
    assertThat(error.path("title").asText()).isEqualTo("Could not retrieve resources");
    assertThat(error.path("causes").toString())
        .isEqualTo(
            "[{\"field\":\"gateway\",\"message\":\"invalid value \\\"maybe\\\": expected true or"
                + " false\"},{\"field\":\"tag\",\"message\":\"invalid tag filter \\\"novalue\\\":"
                + " expected key:value\"}]");
  }
}
