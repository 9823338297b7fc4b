package io.portico.cp.dpserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.proxy.api.v1.ProxyConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configs follow the store: recompiled when the mesh snapshot or the dataplane changed, sent when
 * the version changed, NACKs recorded and retried once after the backoff.
 */
class ConfigSyncTest {
  @TempDir Path workDir;
  DpFixture dp;
  TestProxy proxy;
  ProxyConfig first;

  @BeforeEach
  void connect() {
    connect(DpFixture.HASHING_COMPILER);
  }

  private void connect(ConfigCompiler compiler) {
    if (dp != null) {
      dp.close();
    }
    dp = DpFixture.start(workDir, java.util.Map.of(), o -> o.withCompiler(compiler));
    dp.putDataplane("default", "web-1", DpFixture.dataplane("default", "web-1", "web", 9901));
    proxy = dp.connect(TestProxy.hello("default", "web-1"), dp.tokenFor("default", "web-1"));
    first = proxy.nextConfig();
    proxy.ack(first.getVersion());
  }

  @AfterEach
  void stop() {
    dp.close();
  }

  private static String trafficPermission(String name) {
    return "{\"type\":\"TrafficPermission\",\"mesh\":\"default\",\"name\":\""
        + name
        + "\",\"sources\":[{\"match\":{\"kuma.io/service\":\"*\"}}],"
        + "\"destinations\":[{\"match\":{\"kuma.io/service\":\"web\"}}]}";
  }

  @Test
  void firstConfigIsVersionedByContentAndAckIsRecorded() {
    assertThat(first.getVersion()).matches("[0-9a-f]{16}");
    assertThat(first.getMesh()).isEqualTo("default");
    assertThat(first.getDataplane()).isEqualTo("web-1");

    await()
        .atMost(DpFixture.WAIT)
        .until(
            () ->
                dp.lastSubscription("default", "web-1")
                    .path("lastAckedVersion")
                    .asText()
                    .equals(first.getVersion()));
    JsonNode subscription = dp.lastSubscription("default", "web-1");
    assertThat(subscription.path("status").path("total").path("responsesSent").asText())
        .isEqualTo("1");
    assertThat(subscription.path("status").path("total").path("responsesAcknowledged").asText())
        .isEqualTo("1");
    assertThat(subscription.path("version").path("porticoDp").path("version").asText())
        .isEqualTo(TestProxy.VERSION);
    assertThat(subscription.path("controlPlaneInstanceId").asText()).isNotEmpty();
    assertThat(subscription.path("connectTime").asText()).isNotEmpty();
  }

  @Test
  void aChangeInTheMeshSendsANewConfig() {
    long compiledBefore = dp.cp.dpServer().compilations();

    dp.put("/meshes/default/traffic-permissions/tp-1", trafficPermission("tp-1"));

    ProxyConfig next = proxy.nextConfig();
    assertThat(next.getVersion()).isNotEqualTo(first.getVersion());
    assertThat(dp.cp.dpServer().compilations()).isGreaterThan(compiledBefore);
  }

  @Test
  void aChangedDataplaneSendsANewConfig() {
    dp.putDataplane("default", "web-1", DpFixture.dataplane("default", "web-1", "web", 9902));

    ProxyConfig next = proxy.nextConfig();

    assertThat(next.getVersion()).isNotEqualTo(first.getVersion());
    assertThat(next.getAdmin().getPort()).isEqualTo(9902);
  }

  @Test
  void changesElsewhereRecompileNothing() {
    long compiledBefore = dp.cp.dpServer().compilations();
    dp.createMesh("demo");
    dp.put(
        "/meshes/demo/traffic-permissions/tp-1",
        trafficPermission("tp-1").replace("\"default\"", "\"demo\""));
    dp.put(
        "/meshes/default/secrets/unrelated",
        "{\"type\":\"Secret\",\"mesh\":\"default\",\"name\":\"unrelated\",\"data\":\"YQ==\"}");

    dp.putDataplane("default", "web-1", DpFixture.dataplane("default", "web-1", "web", 9902));
    ProxyConfig next = proxy.nextConfig();

    assertThat(next.getAdmin().getPort()).isEqualTo(9902);
    assertThat(dp.cp.dpServer().compilations()).isEqualTo(compiledBefore + 1);
  }

  @Test
  void anUnchangedConfigIsNotSentAgain() {
    // A compiler whose output depends on the dataplane's admin port only.
    connect(
        (snapshot, dataplane) ->
            DpFixture.HASHING_COMPILER.compile(snapshot, dataplane).toBuilder()
                .setAdmin(
                    io.portico.proxy.api.v1.Admin.newBuilder()
                        .setPort(dataplane.spec().networking().admin().port()))
                .build());
    long compiledBefore = dp.cp.dpServer().compilations();

    dp.put("/meshes/default/traffic-permissions/tp-1", trafficPermission("tp-1"));
    await().atMost(DpFixture.WAIT).until(() -> dp.cp.dpServer().compilations() > compiledBefore);

    dp.putDataplane("default", "web-1", DpFixture.dataplane("default", "web-1", "web", 9903));

    assertThat(proxy.nextConfig().getAdmin().getPort()).isEqualTo(9903);
    assertThat(proxy.pendingConfigs()).isEmpty();
  }

  @Test
  void aNackIsRecordedAndTheRejectedVersionIsSentOnceMoreAfterTheBackoff() {
    dp.putDataplane("default", "web-1", DpFixture.dataplane("default", "web-1", "web", 9902));
    ProxyConfig rejected = proxy.nextConfig();

    proxy.nack(rejected.getVersion(), "listeners[0].port: 8080 is in use", "clusters[1]: bad");

    await()
        .atMost(DpFixture.WAIT)
        .until(
            () ->
                dp.lastSubscription("default", "web-1")
                    .path("lastNackError")
                    .asText()
                    .equals("listeners[0].port: 8080 is in use; clusters[1]: bad"));
    JsonNode subscription = dp.lastSubscription("default", "web-1");
    assertThat(subscription.path("lastNackedVersion").asText()).isEqualTo(rejected.getVersion());
    assertThat(subscription.path("lastAckedVersion").asText()).isEqualTo(first.getVersion());
    assertThat(subscription.path("status").path("total").path("responsesRejected").asText())
        .isEqualTo("1");

    ProxyConfig retried = proxy.nextConfig();
    assertThat(retried.getVersion()).isEqualTo(rejected.getVersion());
    proxy.nack(retried.getVersion(), "listeners[0].port: 8080 is in use");

    dp.putDataplane("default", "web-1", DpFixture.dataplane("default", "web-1", "web", 9903));
    ProxyConfig fixed = proxy.nextConfig();
    assertThat(fixed.getAdmin().getPort()).isEqualTo(9903);
    proxy.ack(fixed.getVersion());

    await()
        .atMost(DpFixture.WAIT)
        .until(
            () ->
                dp.lastSubscription("default", "web-1")
                    .path("lastAckedVersion")
                    .asText()
                    .equals(fixed.getVersion()));
    subscription = dp.lastSubscription("default", "web-1");
    assertThat(subscription.has("lastNackError")).isFalse();
    assertThat(subscription.path("status").path("total").path("responsesRejected").asText())
        .isEqualTo("2");
    assertThat(subscription.path("status").path("total").path("responsesSent").asText())
        .isEqualTo("4");
  }
}
