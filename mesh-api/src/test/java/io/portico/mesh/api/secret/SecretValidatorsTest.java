package io.portico.mesh.api.secret;

import static io.portico.mesh.api.ValidationCases.v;
import static io.portico.mesh.api.ValidationCases.violationsOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ValidationCases;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Secret and GlobalSecret: {@code data} is required base64. */
class SecretValidatorsTest {
  @Test
  void secretWithoutDataIsRejected() {
    assertThat(violationsOf("type: Secret\nmesh: default\nname: s\n"))
        .containsExactly(v("data", "cannot be empty"));
    assertThat(violationsOf("type: GlobalSecret\nname: s\n"))
        .containsExactly(v("data", "cannot be empty"));
  }

  @Test
  void secretWithInvalidBase64IsRejectedWithoutEchoingIt() {
    assertThat(violationsOf("type: Secret\nmesh: default\nname: s\ndata: 'not*base64'\n"))
        .containsExactly(v("data", "must be valid base64"));
    assertThat(violationsOf("type: GlobalSecret\nname: s\ndata: '%%%%'\n"))
        .containsExactly(v("data", "must be valid base64"));
  }

  @Test
  void standardAndUrlSafeBase64AreAccepted() {
    Resource<?> secret =
        ValidationCases.CODEC.readResource(
            "type: Secret\nmesh: default\nname: s\ndata: aGVsbG8=\n");
    assertThat(violationsOf(secret)).isEmpty();
    assertThat(new String(((SecretSpec) secret.spec()).bytes(), StandardCharsets.UTF_8))
        .isEqualTo("hello");
    assertThat(violationsOf("type: GlobalSecret\nname: s\ndata: _-8\n")).isEmpty();
    assertThat(violationsOf("type: Secret\nmesh: m\nname: s\ndata: aGVsbG8\n")).isEmpty();
  }

  @Test
  void toStringDoesNotLeakTheSecret() {
    assertThat(new SecretSpec("aGVsbG8=").toString()).doesNotContain("aGVsbG8=");
    assertThat(new GlobalSecretSpec("aGVsbG8=").toString()).doesNotContain("aGVsbG8=");
  }
}
