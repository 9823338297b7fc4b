package io.portico.cp.dpserver;

import static io.portico.cp.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.cp.TestClock;
import io.portico.cp.pem.Pem;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.proxy.api.v1.Identity;
import io.portico.proxy.api.v1.ProxyConfig;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dataplane identities in configs (spec/core.md §1.2): attached to every config of an mTLS mesh,
 * part of the config's version, rotated at 4/5 of their lifetime (by the injected clock), on tag
 * and mTLS changes and on reconnect, and recorded in the insight's mTLS section.
 */
class MeshIdentityTest {
  static final String MESH = "secure";

  @TempDir Path workDir;
  TestClock clock;
  DpFixture dp;

  @BeforeEach
  void start() {
    clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    dp = DpFixture.start(workDir, Map.of(), o -> o.withClock(clock));
    dp.put("/meshes/" + MESH, mesh("ca-1", "10s"));
    dp.awaitMesh(MESH);
  }

  @AfterEach
  void stop() {
    dp.close();
  }

  static String mesh(String enabled, String dpCertExpiration) {
    return "{\"type\":\"Mesh\",\"name\":\""
        + MESH
        + "\",\"mtls\":{\"enabledBackend\":\""
        + enabled
        + "\",\"backends\":[{\"name\":\"ca-1\",\"type\":\"builtin\",\"dpCert\":{\"rotation\":"
        + "{\"expiration\":\""
        + dpCertExpiration
        + "\"}}}]}}";
  }

  static String sidecar(String extraTag) {
    return "{\"type\":\"Dataplane\",\"mesh\":\""
        + MESH
        + "\",\"name\":\"web-1\",\"networking\":{\"address\":\"127.0.0.1\",\"inbound\":["
        + "{\"port\":10001,\"servicePort\":20001,\"tags\":{\"kuma.io/service\":\"web\","
        + "\"kuma.io/protocol\":\"http\""
        + extraTag
        + "}},"
        + "{\"port\":10002,\"servicePort\":20002,\"tags\":{\"kuma.io/service\":\"admin\","
        + "\"kuma.io/protocol\":\"http\"}}]}}";
  }

  private TestProxy connectSidecar() {
    dp.putDataplane(MESH, "web-1", sidecar(""));
    return dp.connect(TestProxy.hello(MESH, "web-1"), dp.tokenFor(MESH, "web-1"));
  }

  private String caPem() {
    HttpResponse<String> response =
        dp.api.get("/meshes/" + MESH + "/secrets/" + MESH + ".ca-builtin-cert-ca-1");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new String(
        Base64.getDecoder().decode(json(response).path("data").asText()), StandardCharsets.UTF_8);
  }

  private static X509Certificate leaf(ProxyConfig config) {
    return Pem.certificates(config.getIdentity().getCertificateChainPem()).get(0);
  }

  private static BigInteger serial(ProxyConfig config) {
    return leaf(config).getSerialNumber();
  }

  private JsonNode mtlsInsight(String name) {
    return dp.overview(MESH, name).path("dataplaneInsight").path("mTLS");
  }

  @Test
  void configOfAnMtlsMeshCarriesTheIdentityAndIsVersionedWithIt() {
    TestProxy proxy = connectSidecar();

    ProxyConfig config = proxy.nextConfig();

    assertThat(config.hasIdentity()).isTrue();
    Identity identity = config.getIdentity();
    assertThat(identity.getUrisList())
        .containsExactly(
            "spiffe://secure/admin",
            "spiffe://secure/web",
            "kuma://kuma.io/protocol/http",
            "kuma://kuma.io/service/admin",
            "kuma://kuma.io/service/web");
    assertThat(identity.getTrustedCaPemList()).containsExactly(caPem());
    List<X509Certificate> chain = Pem.certificates(identity.getCertificateChainPem());
    assertThat(chain).hasSize(2);
    assertThat(chain.get(1)).isEqualTo(Pem.certificates(caPem()).get(0));
    assertThat(chain.get(0).getNotAfter().toInstant()).isEqualTo(clock.instant().plusSeconds(10));
    assertThat(Pem.isPair(Pem.privateKey(identity.getPrivateKeyPem()), chain.get(0).getPublicKey()))
        .isTrue();
    assertThat(config.getVersion())
        .isEqualTo(ConfigVersions.contentHash(config.toBuilder().setVersion("").build()));
  }

  @Test
  void identityIsRotatedOnceFourFifthsOfItsLifetimeHaveElapsed() {
    TestProxy proxy = connectSidecar();
    ProxyConfig first = proxy.nextConfig();
    proxy.ack(first.getVersion());
    long compiled = dp.cp.dpServer().compilations();

    clock.advance(Duration.ofSeconds(7));
    dp.put(
        "/meshes/" + MESH + "/traffic-permissions/tp-1",
        "{\"type\":\"TrafficPermission\",\"mesh\":\"secure\",\"name\":\"tp-1\","
            + "\"sources\":[{\"match\":{\"kuma.io/service\":\"*\"}}],"
            + "\"destinations\":[{\"match\":{\"kuma.io/service\":\"web\"}}]}");
    ProxyConfig changed = proxy.nextConfig();
    assertThat(serial(changed)).as("not yet due at 70 %").isEqualTo(serial(first));
    proxy.ack(changed.getVersion());
    long compiledAfterChange = dp.cp.dpServer().compilations();
    assertThat(compiledAfterChange).isGreaterThan(compiled);

    clock.advance(Duration.ofSeconds(1));
    ProxyConfig rotated = proxy.nextConfig();

    assertThat(rotated.getVersion()).isNotEqualTo(changed.getVersion());
    assertThat(serial(rotated)).isNotEqualTo(serial(first));
    assertThat(rotated.getAdmin()).isEqualTo(changed.getAdmin());
    assertThat(leaf(rotated).getNotAfter().toInstant()).isEqualTo(clock.instant().plusSeconds(10));
    assertThat(dp.cp.dpServer().compilations()).isEqualTo(compiledAfterChange);
    await()
        .atMost(DpFixture.WAIT)
        .until(() -> mtlsInsight("web-1").path("certificateRegenerations").asInt() == 2);
    JsonNode mtls = mtlsInsight("web-1");
    assertThat(Instant.parse(mtls.path("lastCertificateRegeneration").asText()))
        .isEqualTo(clock.instant());
    assertThat(Instant.parse(mtls.path("certificateExpirationTime").asText()))
        .isEqualTo(clock.instant().plusSeconds(10));
  }

  @Test
  void aTagChangeIssuesANewIdentity() {
    TestProxy proxy = connectSidecar();
    ProxyConfig first = proxy.nextConfig();

    dp.putDataplane(MESH, "web-1", sidecar(",\"version\":\"v2\""));
    ProxyConfig next = proxy.nextConfig();

    assertThat(serial(next)).isNotEqualTo(serial(first));
    assertThat(next.getIdentity().getUrisList()).contains("kuma://version/v2");
  }

  @Test
  void mtlsSettingsDecideTheIdentity() {
    TestProxy proxy = connectSidecar();
    ProxyConfig first = proxy.nextConfig();

    dp.put("/meshes/" + MESH, mesh("ca-1", "1h"));
    ProxyConfig longer = proxy.nextConfig();
    assertThat(serial(longer)).isNotEqualTo(serial(first));
    assertThat(leaf(longer).getNotAfter().toInstant()).isEqualTo(clock.instant().plusSeconds(3600));

    dp.put("/meshes/" + MESH, mesh("", "1h"));
    ProxyConfig off = proxy.nextConfig();
    assertThat(off.hasIdentity()).isFalse();

    dp.put("/meshes/" + MESH, mesh("ca-1", "1h"));
    ProxyConfig on = proxy.nextConfig();
    assertThat(on.hasIdentity()).isTrue();
    assertThat(serial(on)).isNotEqualTo(serial(longer));
  }

  @Test
  void aReconnectingProxyGetsANewIdentityAndTheInsightCountsIt() {
    TestProxy proxy = connectSidecar();
    ProxyConfig first = proxy.nextConfig();
    await()
        .atMost(DpFixture.WAIT)
        .until(() -> mtlsInsight("web-1").path("certificateRegenerations").asInt() == 1);
    JsonNode mtls = mtlsInsight("web-1");
    assertThat(mtls.path("issuedBackend").asText()).isEqualTo("ca-1");
    assertThat(mtls.path("supportedBackends").toString()).isEqualTo("[\"ca-1\"]");
    assertThat(Instant.parse(mtls.path("certificateExpirationTime").asText()))
        .isEqualTo(clock.instant().plusSeconds(10));
    proxy.close();

    TestProxy again = dp.connect(TestProxy.hello(MESH, "web-1"), dp.tokenFor(MESH, "web-1"));
    ProxyConfig second = again.nextConfig();

    assertThat(serial(second)).isNotEqualTo(serial(first));
    await()
        .atMost(DpFixture.WAIT)
        .until(() -> mtlsInsight("web-1").path("certificateRegenerations").asInt() == 2);
  }

  @Test
  void builtinGatewayIdentityNamesItsGatewayService() {
    dp.putDataplane(MESH, "edge-1", DpFixture.gateway(MESH, "edge-1", "edge"));
    TestProxy proxy = dp.connect(TestProxy.hello(MESH, "edge-1"), dp.tokenFor(MESH, "edge-1"));

    ProxyConfig config = proxy.nextConfig();

    assertThat(config.getIdentity().getUrisList())
        .containsExactly("spiffe://secure/edge", "kuma://kuma.io/service/edge");
  }

  @Test
  void aProxyWaitsForItsCaAndGetsItsIdentityOnceTheCaIsBack() {
    String name = MESH + ".ca-builtin-key-ca-1";
    var store = dp.cp.manager().store();
    var key = store.get(ResourceTypes.SECRET, MESH, name).orElseThrow();
    assertThat(dp.api.delete("/meshes/" + MESH + "/secrets/" + name).statusCode()).isEqualTo(200);
    TestProxy proxy = connectSidecar();
    await()
        .atMost(DpFixture.WAIT)
        .until(() -> dp.lastSubscription(MESH, "web-1").path("connectTime").isTextual());
    assertThat(proxy.pendingConfigs()).isEmpty();

    // CA secret names have dots, which the API refuses: only the control plane writes them.
    store.create(Resource.of(ResourceTypes.SECRET, MESH, name, key.spec()));

    ProxyConfig config = proxy.nextConfig();
    assertThat(config.hasIdentity()).isTrue();
  }

  @Test
  void aMeshWithoutMtlsSendsNoIdentity() {
    dp.putDataplane("default", "web-1", DpFixture.dataplane("default", "web-1", "web"));
    TestProxy proxy =
        dp.connect(TestProxy.hello("default", "web-1"), dp.tokenFor("default", "web-1"));

    assertThat(proxy.nextConfig().hasIdentity()).isFalse();
    assertThat(dp.overview("default", "web-1").path("dataplaneInsight").has("mTLS")).isFalse();
  }
}
