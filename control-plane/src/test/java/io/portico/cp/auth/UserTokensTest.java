package io.portico.cp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.cp.FakeRsaKeyPairs;
import io.portico.cp.TestTypes;
import io.portico.cp.secret.SecretData;
import io.portico.cp.store.manager.ResourceManager;
import io.portico.cp.store.memory.MemoryStore;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.types.ResourceTypes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserTokensTest {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  ResourceManager manager;
  SecretData secrets;
  UserTokenSigningKeys keys;

  @BeforeEach
  void setUp() {
    ResourceTypes types = TestTypes.withSecretData();
    manager = new ResourceManager(new MemoryStore(Clock.systemUTC()), types);
    secrets = new SecretData(new ResourceCodec(types));
    keys = new UserTokenSigningKeys(manager, secrets, new FakeRsaKeyPairs());
  }

  UserTokens at(Instant now) {
    return new UserTokens(keys, manager, secrets, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void signingKeyIsCreatedOnce() {
    assertThat(keys.ensureKey()).isTrue();
    assertThat(keys.ensureKey()).isFalse();
    assertThat(keys.current()).hasValueSatisfying(k -> assertThat(k.serial()).isEqualTo(1));
  }

  @Test
  void issuingWithoutASigningKeyFails() {
    assertThatThrownBy(() -> at(T0).issue("a", List.of(), Duration.ofHours(1)))
        .isInstanceOf(SigningKeyNotFoundException.class)
        .hasMessageContaining("user-token-signing-key-");
  }

  @Test
  void validTokenGivesItsUserWithTheAuthenticatedGroup() {
    keys.ensureKey();
    String token = at(T0).issue("alice", List.of("team-a"), Duration.ofHours(1));
    User user = at(T0.plusSeconds(60)).validate(token);
    assertThat(user.name()).isEqualTo("alice");
    assertThat(user.groups()).containsExactly("team-a", User.AUTHENTICATED_GROUP);
    assertThat(user.isAdmin()).isFalse();
  }

  @Test
  void expiredTokenIsRejected() {
    keys.ensureKey();
    String token = at(T0).issue("alice", List.of(), Duration.ofHours(1));
    assertThatThrownBy(() -> at(T0.plus(Duration.ofHours(1))).validate(token))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessage("the token has expired");
  }

  @Test
  void tokenIsValidFromFiveMinutesBeforeIssue() {
    keys.ensureKey();
    String token = at(T0).issue("alice", List.of(), Duration.ofHours(1));
    assertThat(at(T0.minus(Duration.ofMinutes(4))).validate(token).name()).isEqualTo("alice");
    assertThatThrownBy(() -> at(T0.minus(Duration.ofMinutes(6))).validate(token))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessage("the token is not valid yet");
  }

  @Test
  void tokenOfADeletedSigningKeyIsRejected() {
    keys.ensureKey();
    String token = at(T0).issue("alice", List.of(), Duration.ofHours(1));
    manager.delete(secrets.globalSecretType(), "", UserTokenSigningKeys.PREFIX + 1);
    assertThatThrownBy(() -> at(T0).validate(token))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("serial 1");
  }

  @Test
  void newTokensUseTheHighestSerial() throws Exception {
    keys.ensureKey();
    manager.create(
        secrets.globalSecret(
            UserTokenSigningKeys.PREFIX + 2,
            io.portico.cp.secret.SigningKeyPem.generatePem(new FakeRsaKeyPairs())));
    String token = at(T0).issue("alice", List.of(), Duration.ofHours(1));
    assertThat(com.nimbusds.jwt.SignedJWT.parse(token).getHeader().getKeyID()).isEqualTo("2");
    assertThat(at(T0).validate(token).name()).isEqualTo("alice");
  }

  @Test
  void adminTokenBootstrapCreatesAnAdminTokenOnce() {
    keys.ensureKey();
    AdminTokenBootstrap bootstrap = new AdminTokenBootstrap(manager, secrets, at(T0));
    assertThat(bootstrap.ensure()).isTrue();
    assertThat(bootstrap.ensure()).isFalse();
    String token =
        new String(
            manager
                .get(secrets.globalSecretType(), "", AdminTokenBootstrap.SECRET_NAME)
                .flatMap(secrets::data)
                .orElseThrow());
    User admin = at(T0.plus(Duration.ofDays(3000))).validate(token);
    assertThat(admin.name()).isEqualTo(User.ADMIN_NAME);
    assertThat(admin.isAdmin()).isTrue();
  }
}
