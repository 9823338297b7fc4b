package io.portico.cp.dpserver;

import static io.portico.cp.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /tokens/dataplane} (spec/core.md §6.1). */
class DataplaneTokenApiTest {
  @TempDir Path workDir;
  DpFixture dp;

  @AfterEach
  void stop() {
    if (dp != null) {
      dp.close();
    }
  }

  @Test
  void tokenIsAnRs256JwtNamingTheMeshKeyWithTheRequestedClaims() {
    dp = DpFixture.start(workDir);

    HttpResponse<String> response =
        dp.api.post(
            "/tokens/dataplane",
            "{\"name\":\"web-1\",\"mesh\":\"default\",\"type\":\"dataplane\","
                + "\"tags\":{\"kuma.io/service\":[\"web\",\"web-v2\"]}}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    String token = response.body();
    JsonNode header = ApiJson.header(token);
    assertThat(header.path("alg").asText()).isEqualTo("RS256");
    assertThat(header.path("kid").asText()).isEqualTo("1");
    JsonNode claims = ApiJson.payload(token);
    assertThat(claims.path("Name").asText()).isEqualTo("web-1");
    assertThat(claims.path("Mesh").asText()).isEqualTo("default");
    assertThat(claims.path("Type").asText()).isEqualTo("dataplane");
    assertThat(claims.path("Tags").toString())
        .isEqualTo("{\"kuma.io/service\":[\"web\",\"web-v2\"]}");
    assertThat(claims.path("jti").asText()).isNotEmpty();
    long iat = claims.path("iat").asLong();
    assertThat(claims.path("nbf").asLong()).isEqualTo(iat - 300);
    assertThat(claims.path("exp").asLong() - iat).isEqualTo(87_600L * 3600);
  }

  @Test
  void validForSetsTheExpiryAndTheLegacyPathWorks() {
    dp = DpFixture.start(workDir);

    HttpResponse<String> response =
        dp.api.post("/tokens", "{\"mesh\":\"default\",\"validFor\":\"24h\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode claims = ApiJson.payload(response.body());
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(86_400);
    assertThat(claims.has("Name")).isFalse();
    assertThat(claims.has("Tags")).isFalse();
  }

  @Test
  void badBodyIsRefusedWithEveryCause() {
    dp = DpFixture.start(workDir);

    HttpResponse<String> response =
        dp.api.post(
            "/tokens/dataplane",
            "{\"name\":7,\"tags\":{\"team\":\"a\",\"zone\":[]},\"type\":\"zone\","
                + "\"validFor\":\"soon\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = json(response);
    assertThat(error.path("title").asText()).isEqualTo("Could not issue a token");
    assertThat(error.path("details").asText()).isEqualTo("Resource is not valid");
    StringBuilder causes = new StringBuilder();
    error
        .path("causes")
        .forEach(
            c ->
                causes
                    .append(c.path("field").asText())
                    .append(": ")
                    .append(c.path("message").asText())
                    .append('\n'));
    assertThat(causes.toString())
        .isEqualTo(
            """
            name: expected a string
            mesh: cannot be empty
            tags["team"]: expected a non-empty list of values
            tags["zone"]: expected a non-empty list of values
            type: unknown proxy type "zone": expected dataplane, ingress or egress
            validFor: invalid duration "soon": expected e.g. 24h or 30m
            """);
  }

  @Test
  void meshWithoutASigningKeyIsNotFound() {
    dp = DpFixture.start(workDir);

    HttpResponse<String> response = dp.api.post("/tokens/dataplane", "{\"mesh\":\"nope\"}");

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode error = json(response);
    assertThat(error.path("title").asText()).isEqualTo("Signing Key not found");
    assertThat(error.path("details").asText())
        .isEqualTo(
            "there is no dataplane token signing key (Secret dataplane-token-signing-key-nope-1)"
                + " in mesh nope; does the mesh exist?");
  }

  @Test
  void onlyTheAdminMayIssueDataplaneTokens() {
    dp =
        DpFixture.start(
            workDir, Map.of("PORTICO_API_SERVER_AUTHN_LOCALHOST_IS_ADMIN", "false"), o -> o);

    HttpResponse<String> response = dp.api.post("/tokens/dataplane", "{\"mesh\":\"default\"}");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(json(response).path("title").asText()).isEqualTo("Access Denied");
  }
}
