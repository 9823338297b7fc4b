package io.portico.cp.dptoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.cp.FakeRsaKeyPairs;
import io.portico.cp.TestTypes;
import io.portico.cp.auth.InvalidTokenException;
import io.portico.cp.secret.SecretData;
import io.portico.cp.secret.SigningKeyPem;
import io.portico.cp.store.manager.ResourceManager;
import io.portico.cp.store.memory.MemoryStore;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.types.ResourceTypes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataplaneTokensTest {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  ResourceManager manager;
  SecretData secrets;
  ResourceCodec codec;
  DataplaneTokenSigningKeys keys;
  FakeRsaKeyPairs rsa = new FakeRsaKeyPairs();

  @BeforeEach
  void setUp() {
    codec = new ResourceCodec(TestTypes.withSecretData());
    manager = new ResourceManager(new MemoryStore(Clock.systemUTC()), codec.types());
    secrets = new SecretData(codec);
    keys = new DataplaneTokenSigningKeys(manager, secrets);
    manager.create(codec.readResource("{\"type\":\"Mesh\",\"name\":\"default\"}"));
    addKey("default", 1);
  }

  private void addKey(String mesh, int serial) {
    manager.create(
        secrets.secret(
            mesh,
            DataplaneTokenSigningKeys.secretName(mesh, serial),
            SigningKeyPem.generatePem(rsa)));
  }

  DataplaneTokens at(Instant now) {
    return new DataplaneTokens(keys, manager, secrets, Clock.fixed(now, ZoneOffset.UTC));
  }

  private static DataplaneTokenRequest request(String name, Map<String, List<String>> tags) {
    return new DataplaneTokenRequest(name, "default", tags, "", Duration.ofHours(1));
  }

  private DataplaneSpec spec(String json) {
    return codec.readResource(json).as(ResourceTypes.DATAPLANE).spec();
  }

  @Test
  void issuedTokenVerifiesWithItsClaims() {
    String token =
        at(T0)
            .issue(
                new DataplaneTokenRequest(
                    "web-1",
                    "default",
                    Map.of("kuma.io/service", List.of("web")),
                    "dataplane",
                    Duration.ofHours(1)));

    DataplaneTokenClaims claims = at(T0.plusSeconds(60)).verify(token, "default");

    assertThat(claims.name()).isEqualTo("web-1");
    assertThat(claims.mesh()).isEqualTo("default");
    assertThat(claims.tags()).isEqualTo(Map.of("kuma.io/service", List.of("web")));
    assertThat(claims.type()).isEqualTo("dataplane");
    assertThat(claims.id()).isNotEmpty();
  }

  @Test
  void newTokensUseTheHighestSerialAndOldOnesStillVerify() {
    String old = at(T0).issue(request("web-1", Map.of()));
    addKey("default", 2);

    String current = at(T0).issue(request("web-1", Map.of()));

    assertThat(current).isNotEqualTo(old);
    assertThat(at(T0).verify(old, "default").name()).isEqualTo("web-1");
    assertThat(at(T0).verify(current, "default").name()).isEqualTo("web-1");
    manager.delete(
        secrets.secretType(), "default", DataplaneTokenSigningKeys.secretName("default", 1));
    assertThatThrownBy(() -> at(T0).verify(old, "default"))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessage(
            "the signing key dataplane-token-signing-key-default-1 of the token does not exist in"
                + " mesh default");
  }

  @Test
  void tokenIsNotValidBeforeItsNotBeforeTime() {
    String token = at(T0).issue(request("web-1", Map.of()));

    assertThatThrownBy(() -> at(T0.minus(Duration.ofMinutes(6))).verify(token, "default"))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessage("the token is not valid before 2029-12-31T23:55:00Z");
    assertThat(at(T0.minus(Duration.ofMinutes(4))).verify(token, "default")).isNotNull();
  }

  @Test
  void tokenOfAnotherMeshHasNoKeyThere() {
    String token = at(T0).issue(request("web-1", Map.of()));

    assertThatThrownBy(() -> at(T0).verify(token, "demo"))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("does not exist in mesh demo");
  }

  @Test
  void revocationListsJtisSeparatedByCommas() {
    String token = at(T0).issue(request("web-1", Map.of()));
    String jti = at(T0).verify(token, "default").id();
    manager.create(
        secrets.secret(
            "default",
            DataplaneTokens.REVOCATIONS_PREFIX + "default",
            ("a, " + jti + " ,b").getBytes(StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> at(T0).verify(token, "default"))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessage("the token has been revoked");
  }

  @Test
  void issuingWithoutASigningKeyFails() {
    assertThatThrownBy(
            () ->
                at(T0)
                    .issue(
                        new DataplaneTokenRequest("", "nope", Map.of(), "", Duration.ofHours(1))))
        .isInstanceOf(io.portico.cp.auth.SigningKeyNotFoundException.class);
  }

  // ---------------------------------------------------------------- what claims allow

  static final String WEB =
      "{\"type\":\"Dataplane\",\"mesh\":\"default\",\"name\":\"web-1\",\"networking\":{"
          + "\"address\":\"1.1.1.1\",\"inbound\":["
          + "{\"port\":1,\"tags\":{\"kuma.io/service\":\"web\",\"version\":\"v1\"}},"
          + "{\"port\":2,\"tags\":{\"kuma.io/service\":\"web-admin\"}}]}}";

  private Optional<String> denial(Map<String, List<String>> tags, String name, String mesh) {
    return new DataplaneTokenClaims(name, mesh, tags, "", "id")
        .denial("default", "web-1", spec(WEB));
  }

  @Test
  void claimsWithoutNameMeshOrTagsAllowAnyDataplane() {
    assertThat(denial(Map.of(), "", "")).isEmpty();
  }

  @Test
  void everyValueOfATokenTagMustBeAllowed() {
    assertThat(denial(Map.of("kuma.io/service", List.of("web", "web-admin")), "", "")).isEmpty();
    assertThat(denial(Map.of("kuma.io/service", List.of("web")), "", ""))
        .hasValue(
            "token allows kuma.io/service=web but the dataplane has kuma.io/service=web,web-admin");
  }

  @Test
  void tagsOfTheDataplaneThatTheTokenDoesNotNameAreFree() {
    assertThat(denial(Map.of("version", List.of("v1")), "web-1", "default")).isEmpty();
  }

  @Test
  void gatewayTagsCount() {
    DataplaneSpec gateway =
        spec(
            "{\"type\":\"Dataplane\",\"mesh\":\"default\",\"name\":\"edge\",\"networking\":{"
                + "\"address\":\"1.1.1.1\",\"gateway\":{\"tags\":{\"kuma.io/service\":\"edge\"}}}}");
    DataplaneTokenClaims claims =
        new DataplaneTokenClaims("", "", Map.of("kuma.io/service", List.of("edge")), "", "id");

    assertThat(claims.denial("default", "edge", gateway)).isEmpty();
  }
}
