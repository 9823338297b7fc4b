package io.portico.cp.auth;

import static io.portico.cp.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.SignedJWT;
import io.portico.cp.ApiClient;
import io.portico.cp.ControlPlane;
import io.portico.cp.TestControlPlanes;
import io.portico.cp.secret.SecretData;
import io.portico.mesh.api.codec.ResourceCodec;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication and access rules of the API (spec/core.md §6.3, §5.3) against in-process control
 * planes: one where only tokens count ({@code localhostIsAdmin=false}), one where the caller is not
 * loopback (the "is loopback" decision is injected) and one where it is.
 */
class AccessApiTest {
  @TempDir static Path tokensDir;
  @TempDir static Path remoteDir;
  @TempDir static Path localDir;
  static ControlPlane tokensOnly;
  static ControlPlane remote;
  static ControlPlane local;
  static ApiClient anonymous;
  static ApiClient admin;

  @BeforeAll
  static void start() {
    tokensOnly =
        TestControlPlanes.start(
            tokensDir, Map.of("PORTICO_API_SERVER_AUTHN_LOCALHOST_IS_ADMIN", "false"));
    remote =
        ControlPlane.start(
            TestControlPlanes.config(remoteDir, Map.of()),
            TestControlPlanes.options().withIsLoopback(address -> false));
    local = TestControlPlanes.start(localDir, Map.of());
    anonymous = ApiClient.of(tokensOnly);
    await().atMost(Duration.ofSeconds(20)).until(() -> adminToken(tokensOnly) != null);
    admin = anonymous.withToken(adminToken(tokensOnly));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> anonymous.get("/meshes/default").statusCode() == 200);
  }

  @AfterAll
  static void stop() {
    tokensOnly.close();
    remote.close();
    local.close();
  }

  /** The token of GlobalSecret admin-user-token, read from the store as an operator would. */
  static String adminToken(ControlPlane cp) {
    SecretData secrets = new SecretData(new ResourceCodec(cp.manager().types()));
    return cp.manager()
        .get(secrets.globalSecretType(), "", AdminTokenBootstrap.SECRET_NAME)
        .flatMap(secrets::data)
        .map(b -> new String(b, StandardCharsets.UTF_8))
        .orElse(null);
  }

  static void assertAccessDenied(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(json(r).path("title").asText()).isEqualTo("Access Denied");
    assertThat(json(r).path("details").asText()).isNotEmpty();
  }

  static void assertInvalidToken(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(json(r).path("title").asText()).isEqualTo("Invalid authentication data");
  }

  String issue(String body) {
    HttpResponse<String> r = admin.post("/tokens/user", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    return r.body();
  }

  // ---------------------------------------------------------------- anonymous

  @Test
  void anonymousMayReadResourcesThatAreNotSecrets() {
    assertThat(anonymous.get("/meshes/default").statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/meshes/default/traffic-permissions").statusCode()).isEqualTo(200);
  }

  @Test
  void anonymousMayNotReadSecrets() {
    assertAccessDenied(anonymous.get("/meshes/default/secrets"));
    assertAccessDenied(
        anonymous.get("/meshes/default/secrets/dataplane-token-signing-key-default-1"));
    assertAccessDenied(anonymous.get("/global-secrets"));
    assertAccessDenied(anonymous.get("/global-secrets/admin-user-token"));
    assertAccessDenied(anonymous.get("/secrets"));
  }

  @Test
  void anonymousMayNotWrite() {
    assertAccessDenied(anonymous.put("/meshes/other", "{\"type\":\"Mesh\",\"name\":\"other\"}"));
    assertAccessDenied(anonymous.delete("/meshes/default/traffic-permissions/allow-all-default"));
    assertThat(anonymous.get("/meshes/other").statusCode()).isEqualTo(404);
  }

  @Test
  void anonymousMayNotIssueTokens() {
    assertAccessDenied(anonymous.post("/tokens/user", "{\"name\":\"x\",\"validFor\":\"1h\"}"));
  }

  // ---------------------------------------------------------------- tokens

  @Test
  void bootstrappedAdminTokenActsAsTheAdmin() {
    HttpResponse<String> r = admin.get("/global-secrets/admin-user-token");
    assertThat(r.statusCode()).isEqualTo(200);
    String data = json(r).path("data").asText();
    assertThat(new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8))
        .isEqualTo(adminToken(tokensOnly));
    assertThat(admin.get("/meshes/default/secrets").statusCode()).isEqualTo(200);
  }

  @Test
  void issuedUserTokenIsAcceptedAndNamesItsUser() throws Exception {
    String token = issue("{\"name\":\"alice\",\"groups\":[\"team-a\"],\"validFor\":\"1h\"}");
    SignedJWT jwt = SignedJWT.parse(token);
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    assertThat(jwt.getHeader().getKeyID()).isEqualTo("1");
    assertThat(jwt.getJWTClaimsSet().getClaim("Name")).isEqualTo("alice");
    assertThat(jwt.getJWTClaimsSet().getStringListClaim("Groups")).containsExactly("team-a");
    assertThat(jwt.getJWTClaimsSet().getJWTID()).isNotEmpty();
    ApiClient alice = anonymous.withToken(token);
    assertThat(alice.get("/meshes/default").statusCode()).isEqualTo(200);
    assertAccessDenied(alice.get("/global-secrets"));
    HttpResponse<String> write =
        alice.put("/meshes/other", "{\"type\":\"Mesh\",\"name\":\"other\"}");
    assertAccessDenied(write);
    assertThat(json(write).path("details").asText()).contains("alice");
  }

  @Test
  void tokenOfTheAdminGroupIsAdmin() {
    String token =
        issue("{\"name\":\"bob\",\"groups\":[\"mesh-system:admin\"],\"validFor\":\"1h\"}");
    assertThat(anonymous.withToken(token).get("/global-secrets").statusCode()).isEqualTo(200);
  }

  @Test
  void garbageTokenIs401() {
    assertInvalidToken(anonymous.withToken("not-a-jwt").get("/meshes"));
  }

  @Test
  void authorizationThatIsNotBearerIs401() {
    HttpResponse<String> r =
        sendWithHeader(anonymous.base() + "/meshes", "Authorization", "Basic YWRtaW46YWRtaW4=");
    assertInvalidToken(r);
  }

  @Test
  void tamperedTokenIs401() {
    String token = issue("{\"name\":\"carol\",\"validFor\":\"1h\"}");
    String[] parts = token.split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("carol", "admin");
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertInvalidToken(anonymous.withToken(forged).get("/meshes"));
  }

  @Test
  void tokenOfAnUnknownSigningKeyIs401() throws Exception {
    String token = issue("{\"name\":\"dave\",\"validFor\":\"1h\"}");
    SignedJWT jwt = SignedJWT.parse(token);
    String header =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                jwt.getHeader()
                    .toString()
                    .replace("\"kid\":\"1\"", "\"kid\":\"99\"")
                    .getBytes(StandardCharsets.UTF_8));
    String[] parts = token.split("\\.");
    HttpResponse<String> r =
        anonymous.withToken(header + "." + parts[1] + "." + parts[2]).get("/meshes");
    assertInvalidToken(r);
    assertThat(json(r).path("details").asText()).contains("99");
  }

  @Test
  void revokedTokenIs401() throws Exception {
    String token = issue("{\"name\":\"erin\",\"validFor\":\"1h\"}");
    assertThat(anonymous.withToken(token).get("/meshes").statusCode()).isEqualTo(200);
    String jti = SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
    String data =
        Base64.getEncoder().encodeToString(("other," + jti).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> put =
        admin.put(
            "/global-secrets/user-token-revocations",
            "{\"type\":\"GlobalSecret\",\"name\":\"user-token-revocations\",\"data\":\""
                + data
                + "\"}");
    assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
    HttpResponse<String> r = anonymous.withToken(token).get("/meshes");
    assertInvalidToken(r);
    assertThat(json(r).path("details").asText()).contains("revoked");
  }

  @Test
  void tokenRequestIsValidated() {
    HttpResponse<String> r = admin.post("/tokens/user", "{\"name\":\"\",\"validFor\":\"soon\"}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("title").asText()).isEqualTo("Could not issue a token");
    assertThat(json(r).path("causes").findValuesAsText("field"))
        .containsExactly("name", "validFor");
  }

  // ---------------------------------------------------------------- loopback rule

  @Test
  void nonLoopbackCallerWithoutTokenMayNotReadSecrets() {
    ApiClient client = ApiClient.of(remote);
    assertAccessDenied(client.get("/global-secrets"));
    assertAccessDenied(client.get("/meshes/default/secrets"));
    assertThat(client.get("/meshes").statusCode()).isEqualTo(200);
  }

  @Test
  void nonLoopbackCallerWithoutTokenMayNotWrite() {
    assertAccessDenied(ApiClient.of(remote).put("/meshes/x", "{\"type\":\"Mesh\",\"name\":\"x\"}"));
  }

  @Test
  void loopbackCallerIsAdminWhenLocalhostIsAdmin() {
    ApiClient client = ApiClient.of(local);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> client.get("/global-secrets/admin-user-token").statusCode() == 200);
    assertThat(client.get("/meshes/default/secrets").statusCode()).isEqualTo(200);
    assertThat(client.post("/tokens/user", "{\"name\":\"x\",\"validFor\":\"1h\"}").statusCode())
        .isEqualTo(200);
  }

  @Test
  void invalidTokenFromLoopbackIsStill401() {
    assertInvalidToken(ApiClient.of(local).withToken("garbage").get("/meshes"));
  }

  private static HttpResponse<String> sendWithHeader(String url, String name, String value) {
    try {
      return java.net.http.HttpClient.newHttpClient()
          .send(
              java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                  .header(name, value)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
