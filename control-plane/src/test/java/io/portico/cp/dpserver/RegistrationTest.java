package io.portico.cp.dpserver;

import static io.portico.cp.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.portico.cp.ReopenableStore;
import io.portico.mesh.api.types.ResourceTypes;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Direct and indirect registration, deregistration and offline (spec/core.md §6.8). */
class RegistrationTest {
  static final String WEB_1 = DpFixture.dataplane("default", "web-1", "web");

  @TempDir Path workDir;
  @TempDir Path otherWorkDir;
  DpFixture dp;
  DpFixture other;

  @AfterEach
  void stop() {
    if (dp != null) {
      dp.close();
    }
    if (other != null) {
      other.close();
    }
  }

  @Test
  void directModeRegistersTheDataplaneAndDeletesItWhenTheProxyLeaves() {
    dp = DpFixture.start(workDir);
    TestProxy proxy =
        dp.connect(TestProxy.hello("default", "web-1", WEB_1), dp.tokenFor("default", "web-1"));
    proxy.nextConfig();
    assertThat(dp.status("/meshes/default/dataplanes/web-1")).isEqualTo(200);
    assertThat(dp.status("/meshes/default/dataplane-insights/web-1")).isEqualTo(200);

    proxy.leave();

    await()
        .atMost(DpFixture.WAIT)
        .until(() -> dp.status("/meshes/default/dataplanes/web-1") == 404);
    assertThat(dp.status("/meshes/default/dataplane-insights/web-1")).isEqualTo(404);
    assertThat(proxy.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
  }

  @Test
  void directModeDeletesTheDataplaneWhenTheConnectionDrops() {
    dp = DpFixture.start(workDir);
    String yaml =
        """
        type: Dataplane
        mesh: default
        name: web-1
        networking:
          address: 127.0.0.1
          inbound:
          - port: 10001
            servicePort: 20001
            tags:
              kuma.io/service: web
        """;
    TestProxy proxy =
        dp.connect(TestProxy.hello("default", "web-1", yaml), dp.tokenFor("default", "web-1"));
    proxy.nextConfig();

    proxy.close();

    await()
        .atMost(DpFixture.WAIT)
        .until(() -> dp.status("/meshes/default/dataplanes/web-1") == 404);
  }

  @Test
  void directModeKeepsTheDataplaneWhileAnotherStreamServesIt() {
    dp = DpFixture.start(workDir);
    String token = dp.tokenFor("default", "web-1");
    TestProxy first = dp.connect(TestProxy.hello("default", "web-1", WEB_1), token);
    first.nextConfig();
    TestProxy second = dp.connect(TestProxy.hello("default", "web-1", WEB_1), token);
    second.nextConfig();

    first.leave();

    await()
        .atMost(DpFixture.WAIT)
        .until(() -> subscriptions("web-1").path(0).hasNonNull("disconnectTime"));
    assertThat(dp.status("/meshes/default/dataplanes/web-1")).isEqualTo(200);
    assertThat(subscriptions("web-1").path(1).has("disconnectTime")).isFalse();

    second.leave();

    await()
        .atMost(DpFixture.WAIT)
        .until(() -> dp.status("/meshes/default/dataplanes/web-1") == 404);
  }

  @Test
  void directModeKeepsTheDataplaneThatReconnectedToAnotherInstance() {
    ReopenableStore store = new ReopenableStore();
    dp = DpFixture.start(workDir, Map.of(), o -> o.withStoreOpener(store.opener()));
    other = DpFixture.start(otherWorkDir, Map.of(), o -> o.withStoreOpener(store.opener()));
    String token = dp.tokenFor("default", "web-1");
    TestProxy first = dp.connect(TestProxy.hello("default", "web-1", WEB_1), token);
    first.nextConfig();
    TestProxy second = other.connect(TestProxy.hello("default", "web-1", WEB_1), token);
    second.nextConfig();

    first.leave();

    await()
        .atMost(DpFixture.WAIT)
        .until(() -> subscriptions("web-1").path(0).hasNonNull("disconnectTime"));
    assertThat(dp.status("/meshes/default/dataplanes/web-1")).isEqualTo(200);
    assertThat(subscriptions("web-1").path(1).path("controlPlaneInstanceId").asText())
        .isNotEqualTo(subscriptions("web-1").path(0).path("controlPlaneInstanceId").asText());
  }

  @Test
  void stoppingTheControlPlaneDoesNotDeregister() {
    ReopenableStore store = new ReopenableStore();
    dp = DpFixture.start(workDir, Map.of(), o -> o.withStoreOpener(store.opener()));
    TestProxy proxy =
        dp.connect(TestProxy.hello("default", "web-1", WEB_1), dp.tokenFor("default", "web-1"));
    proxy.nextConfig();

    dp.cp.close();

    Status end = proxy.awaitEnd();
    assertThat(end.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(end.getDescription()).isEqualTo("control plane is shutting down");
    var view = store.open();
    assertThat(view.get(ResourceTypes.DATAPLANE, "default", "web-1")).isPresent();
    assertThat(view.get(ResourceTypes.DATAPLANE_INSIGHT, "default", "web-1"))
        .hasValueSatisfying(
            i ->
                assertThat(i.spec().lastSubscription().orElseThrow().disconnectTime()).isNotNull());
  }

  @Test
  void indirectModeWithoutTheDataplaneIsNotFound() {
    dp = DpFixture.start(workDir);

    TestProxy proxy =
        dp.connect(TestProxy.hello("default", "web-1"), dp.tokenFor("default", "web-1"));

    Status end = proxy.awaitEnd();
    assertThat(end.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(end.getDescription())
        .isEqualTo("dataplane default/web-1 not found: create it first or pass --dataplane-file");
  }

  @Test
  void indirectDataplaneGoesOfflineWhenTheProxyLeavesAndStays() {
    dp = DpFixture.start(workDir);
    dp.putDataplane("default", "web-1", WEB_1);
    TestProxy proxy =
        dp.connect(TestProxy.hello("default", "web-1"), dp.tokenFor("default", "web-1"));
    proxy.nextConfig();
    assertThat(dp.lastSubscription("default", "web-1").has("disconnectTime")).isFalse();

    proxy.leave();

    await()
        .atMost(DpFixture.WAIT)
        .until(() -> dp.lastSubscription("default", "web-1").hasNonNull("disconnectTime"));
    assertThat(dp.status("/meshes/default/dataplanes/web-1")).isEqualTo(200);
  }

  @Test
  void deletingTheDataplaneEndsItsStream() {
    dp = DpFixture.start(workDir);
    dp.putDataplane("default", "web-1", WEB_1);
    TestProxy proxy =
        dp.connect(TestProxy.hello("default", "web-1"), dp.tokenFor("default", "web-1"));
    proxy.nextConfig();

    assertThat(dp.api.delete("/meshes/default/dataplanes/web-1").statusCode()).isEqualTo(200);

    Status end = proxy.awaitEnd();
    assertThat(end.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(end.getDescription()).isEqualTo("dataplane default/web-1 was deleted");
    assertThat(dp.status("/meshes/default/dataplane-insights/web-1")).isEqualTo(404);
  }

  @Test
  void invalidDataplaneInHelloListsEveryViolationAsTheApiDoes() {
    dp = DpFixture.start(workDir);
    String invalid =
        "{\"type\":\"Dataplane\",\"mesh\":\"default\",\"name\":\"web-1\",\"networking\":{"
            + "\"inbound\":[{\"port\":0,\"tags\":{\"version\":\"1\"}}],"
            + "\"outbound\":[{\"port\":70000}]}}";
    HttpResponse<String> api = dp.api.put("/meshes/default/dataplanes/web-1", invalid);
    assertThat(api.statusCode()).isEqualTo(400);
    String expected = causeLines(json(api));
    assertThat(expected.lines().count()).isGreaterThanOrEqualTo(3);

    TestProxy proxy =
        dp.connect(TestProxy.hello("default", "web-1", invalid), dp.tokenFor("default", "web-1"));

    Status end = proxy.awaitEnd();
    assertThat(end.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(end.getDescription()).isEqualTo(expected);
    assertThat(dp.status("/meshes/default/dataplanes/web-1")).isEqualTo(404);
  }

  @Test
  void dataplaneInHelloMustBeTheOneTheHelloNames() {
    dp = DpFixture.start(workDir);

    TestProxy proxy =
        dp.connect(TestProxy.hello("default", "web-2", WEB_1), dp.token("{\"mesh\":\"default\"}"));

    Status end = proxy.awaitEnd();
    assertThat(end.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(end.getDescription())
        .isEqualTo("name: the Dataplane is named web-1 but the proxy said name web-2");
  }

  @Test
  void directModeOverwritesOnlyADataplaneTheTokenAlsoAllows() {
    dp = DpFixture.start(workDir);
    dp.putDataplane("default", "web-1", DpFixture.dataplane("default", "web-1", "backend"));
    String webToken = dp.token("{\"mesh\":\"default\",\"tags\":{\"kuma.io/service\":[\"web\"]}}");

    TestProxy refused = dp.connect(TestProxy.hello("default", "web-1", WEB_1), webToken);

    Status end = refused.awaitEnd();
    assertThat(end.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(end.getDescription())
        .isEqualTo(
            "dataplane default/web-1 already exists and the token does not allow it: token allows"
                + " kuma.io/service=web but the dataplane has kuma.io/service=backend");

    String anyToken = dp.tokenFor("default", "web-1");
    TestProxy accepted = dp.connect(TestProxy.hello("default", "web-1", WEB_1), anyToken);
    accepted.nextConfig();
    assertThat(
            json(dp.api.get("/meshes/default/dataplanes/web-1"))
                .at("/networking/inbound/0/tags/kuma.io~1service")
                .asText())
        .isEqualTo("web");
  }

  @Test
  void aSecondHelloEndsTheStream() {
    dp = DpFixture.start(workDir);
    dp.putDataplane("default", "web-1", WEB_1);
    TestProxy proxy =
        dp.connect(TestProxy.hello("default", "web-1"), dp.tokenFor("default", "web-1"));
    proxy.nextConfig();

    proxy.send(
        io.portico.proxy.api.v1.ProxyRequest.newBuilder()
            .setHello(TestProxy.hello("default", "web-2"))
            .build());

    Status end = proxy.awaitEnd();
    assertThat(end.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(end.getDescription())
        .isEqualTo(
            "a Hello was already received on this stream: open a new stream to change the"
                + " dataplane");
  }

  /** The API's causes as the stream reports them: one {@code field: message} per line. */
  private static String causeLines(JsonNode error) {
    StringBuilder out = new StringBuilder();
    for (JsonNode cause : error.path("causes")) {
      if (out.length() > 0) {
        out.append('\n');
      }
      String field = cause.path("field").asText();
      out.append(field.isEmpty() ? "" : field + ": ").append(cause.path("message").asText());
    }
    return out.toString();
  }

  private JsonNode subscriptions(String name) {
    return dp.overview("default", name).path("dataplaneInsight").path("subscriptions");
  }
}
