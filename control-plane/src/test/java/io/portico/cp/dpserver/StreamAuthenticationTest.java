package io.portico.cp.dpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.portico.cp.TestClock;
import io.portico.proxy.api.v1.Ack;
import io.portico.proxy.api.v1.ProxyRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may open a config stream (spec/core.md §6.1 checks, statuses and messages). */
class StreamAuthenticationTest {
  @TempDir Path workDir;
  DpFixture dp;

  @AfterEach
  void stop() {
    if (dp != null) {
      dp.close();
    }
  }

  private void start() {
    dp = DpFixture.start(workDir);
    dp.putDataplane("default", "web-1", DpFixture.dataplane("default", "web-1", "web"));
  }

  private static void assertRefused(TestProxy proxy, Status.Code code, String description) {
    Status status = proxy.awaitEnd();
    assertThat(status.getCode()).as(status.toString()).isEqualTo(code);
    assertThat(status.getDescription()).isEqualTo(description);
    assertThat(proxy.pendingConfigs()).isEmpty();
  }

  @Test
  void validTokenIsAcceptedWithOrWithoutBearerPrefix() {
    start();
    String token = dp.tokenFor("default", "web-1");

    TestProxy raw = dp.connect(TestProxy.hello("default", "web-1"), token);
    assertThat(raw.nextConfig().getDataplane()).isEqualTo("web-1");
    raw.close();

    TestProxy bearer = dp.connect(TestProxy.hello("default", "web-1"), "Bearer " + token);
    assertThat(bearer.nextConfig().getMesh()).isEqualTo("default");
  }

  @Test
  void missingTokenIsUnauthenticated() {
    start();

    TestProxy proxy = dp.connect(TestProxy.hello("default", "web-1"));

    assertRefused(
        proxy,
        Status.Code.UNAUTHENTICATED,
        "dataplane token is missing: the proxy must send it as the authorization metadata"
            + " (portico-dp --dataplane-token-file)");
  }

  @Test
  void authTypeNoneAcceptsAProxyWithoutToken() {
    dp = DpFixture.start(workDir, Map.of("PORTICO_DP_SERVER_AUTH_TYPE", "none"), o -> o);
    dp.putDataplane("default", "web-1", DpFixture.dataplane("default", "web-1", "web"));

    TestProxy proxy = dp.connect(TestProxy.hello("default", "web-1"));

    assertThat(proxy.nextConfig().getDataplane()).isEqualTo("web-1");
  }

  @Test
  void twoTokensAreUnauthenticated() {
    start();
    String token = dp.tokenFor("default", "web-1");

    TestProxy proxy = dp.connect(TestProxy.hello("default", "web-1"), token, token);

    assertRefused(
        proxy, Status.Code.UNAUTHENTICATED, "expected one authorization metadata value but got 2");
  }

  @Test
  void garbageTokenIsUnauthenticated() {
    start();

    TestProxy proxy = dp.connect(TestProxy.hello("default", "web-1"), "not-a-jwt");

    assertRefused(
        proxy,
        Status.Code.UNAUTHENTICATED,
        "dataplane token is not valid: the token is not a signed JWT");
  }

  @Test
  void tokenSignedByAnotherKeyIsUnauthenticated() {
    start();
    String token = dp.tokenFor("default", "web-1");
    String[] parts = token.split("\\.");
    String forged =
        parts[0]
            + "."
            + parts[1]
            + "."
            + parts[2].substring(0, 10)
            + "AAAA"
            + parts[2].substring(14);

    TestProxy proxy = dp.connect(TestProxy.hello("default", "web-1"), forged);

    assertRefused(
        proxy,
        Status.Code.UNAUTHENTICATED,
        "dataplane token is not valid: the token signature does not match the signing key"
            + " dataplane-token-signing-key-default-1");
  }

  @Test
  void expiredTokenIsUnauthenticated() {
    TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    dp = DpFixture.start(workDir, Map.of(), o -> o.withClock(clock));
    dp.putDataplane("default", "web-1", DpFixture.dataplane("default", "web-1", "web"));
    String token = dp.token("{\"mesh\":\"default\",\"name\":\"web-1\",\"validFor\":\"1h\"}");
    clock.advance(Duration.ofHours(2));

    TestProxy proxy = dp.connect(TestProxy.hello("default", "web-1"), token);

    assertRefused(
        proxy,
        Status.Code.UNAUTHENTICATED,
        "dataplane token is not valid: the token expired at 2030-01-01T01:00:00Z");
  }

  @Test
  void revokedTokenIsUnauthenticated() {
    start();
    String token = dp.tokenFor("default", "web-1");
    String jti = ApiJson.payload(token).path("jti").asText();
    dp.put(
        "/meshes/default/secrets/dataplane-token-revocations-default",
        "{\"type\":\"Secret\",\"mesh\":\"default\",\"name\":\"dataplane-token-revocations-default\","
            + "\"data\":\""
            + Base64.getEncoder().encodeToString(("other," + jti).getBytes(StandardCharsets.UTF_8))
            + "\"}");

    TestProxy proxy = dp.connect(TestProxy.hello("default", "web-1"), token);

    assertRefused(
        proxy,
        Status.Code.UNAUTHENTICATED,
        "dataplane token is not valid: the token has been revoked");
  }

  @Test
  void tokenForAnotherNameIsPermissionDenied() {
    start();
    String token = dp.tokenFor("default", "web-2");

    TestProxy proxy = dp.connect(TestProxy.hello("default", "web-1"), token);

    assertRefused(
        proxy,
        Status.Code.PERMISSION_DENIED,
        "token is for dataplane web-2 but the proxy is web-1");
  }

  @Test
  void tokenForAnotherMeshIsPermissionDenied() {
    start();
    dp.createMesh("demo");
    // Same signing key in both meshes, so that the signature holds and the Mesh claim decides.
    String key =
        io.portico.cp.ApiClient.json(
                dp.api.get("/meshes/default/secrets/dataplane-token-signing-key-default-1"))
            .path("data")
            .asText();
    dp.put(
        "/meshes/demo/secrets/dataplane-token-signing-key-demo-1",
        "{\"type\":\"Secret\",\"mesh\":\"demo\",\"name\":\"dataplane-token-signing-key-demo-1\","
            + "\"data\":\""
            + key
            + "\"}");
    dp.putDataplane("demo", "web-1", DpFixture.dataplane("demo", "web-1", "web"));
    String token = dp.tokenFor("default", "web-1");

    TestProxy proxy = dp.connect(TestProxy.hello("demo", "web-1"), token);

    assertRefused(
        proxy,
        Status.Code.PERMISSION_DENIED,
        "token is for mesh default but the dataplane is in mesh demo");
  }

  @Test
  void tokenForOtherTagsIsPermissionDenied() {
    start();
    String token =
        dp.token("{\"mesh\":\"default\",\"tags\":{\"kuma.io/service\":[\"backend\",\"api\"]}}");

    TestProxy proxy = dp.connect(TestProxy.hello("default", "web-1"), token);

    assertRefused(
        proxy,
        Status.Code.PERMISSION_DENIED,
        "token allows kuma.io/service=backend,api but the dataplane has kuma.io/service=web");
  }

  @Test
  void tokenRequiringAMissingTagIsPermissionDenied() {
    start();
    String token = dp.token("{\"mesh\":\"default\",\"tags\":{\"team\":[\"a\"]}}");

    TestProxy proxy = dp.connect(TestProxy.hello("default", "web-1"), token);

    assertRefused(
        proxy,
        Status.Code.PERMISSION_DENIED,
        "token requires tag team (a) but the dataplane has no such tag");
  }

  @Test
  void tokenWithMatchingTagsAndNoNameIsAccepted() {
    start();
    String token = dp.token("{\"mesh\":\"default\",\"tags\":{\"kuma.io/service\":[\"web\"]}}");

    TestProxy proxy = dp.connect(TestProxy.hello("default", "web-1"), token);

    assertThat(proxy.nextConfig().getDataplane()).isEqualTo("web-1");
  }

  @Test
  void helloWithoutMeshAndNameIsInvalid() {
    start();
    String token = dp.tokenFor("default", "web-1");

    TestProxy proxy = dp.connect(TestProxy.hello("", "Web.1"), token);

    assertRefused(
        proxy,
        Status.Code.INVALID_ARGUMENT,
        "mesh: cannot be empty\nname: invalid characters in \"Web.1\": only lowercase letters,"
            + " digits, '-' and '_' are allowed");
  }

  @Test
  void firstMessageMustBeAHello() {
    start();
    String token = dp.tokenFor("default", "web-1");

    TestProxy proxy =
        dp.connect(
            ProxyRequest.newBuilder().setAck(Ack.newBuilder().setVersion("v1")).build(), token);

    assertRefused(
        proxy, Status.Code.INVALID_ARGUMENT, "expected a Hello as the first message but got ack");
  }

  @Test
  void meshThatDoesNotExistIsNotFound() {
    start();
    String token = dp.tokenFor("default", "web-1");

    TestProxy proxy = dp.connect(TestProxy.hello("nope", "web-1"), token);

    assertRefused(proxy, Status.Code.FAILED_PRECONDITION, "mesh nope does not exist");
  }
}
