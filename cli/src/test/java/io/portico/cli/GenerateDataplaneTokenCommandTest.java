package io.portico.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateDataplaneTokenCommandTest {
  private static final Instant NOW = Instant.parse("2024-01-02T10:00:00Z");

  @TempDir Path home;
  private FakeControlPlane cp;
  private CliRunner cli;

  @BeforeEach
  void start() throws IOException {
    cp = FakeControlPlane.start(NOW);
    cli = new CliRunner(home, NOW);
    cli.useControlPlane(cp.address());
    cp.seed("{\"type\":\"Mesh\",\"name\":\"default\"}");
    cp.seed("{\"type\":\"Mesh\",\"name\":\"demo\"}");
    cp.issueDataplaneToken("eyJhbGciOiJSUzI1NiJ9.eyJNZXNoIjoiZGVtbyJ9.c2ln");
  }

  @AfterEach
  void stop() {
    cp.close();
  }

  private FakeControlPlane.Request lastRequest() {
    return cp.requests().get(cp.requests().size() - 1);
  }

  @Test
  void printsTheTokenWithoutATrailingNewline() {
    CliRunner.Result result = cli.run("generate", "dataplane-token", "--name", "web-1");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).isEqualTo("eyJhbGciOiJSUzI1NiJ9.eyJNZXNoIjoiZGVtbyJ9.c2ln");
    assertThat(lastRequest().toString()).isEqualTo("POST /tokens/dataplane");
    assertThat(lastRequest().body()).isEqualTo("{\"name\":\"web-1\",\"mesh\":\"default\"}");
  }

  @Test
  void sendsMeshTagsProxyTypeAndValidity() {
    CliRunner.Result result =
        cli.run(
            "generate",
            "dataplane-token",
            "-m",
            "demo",
            "--proxy-type",
            "dataplane",
            "--tag",
            "kuma.io/service=web,web-admin",
            "--tag",
            "team=a",
            "--valid-for",
            "24h");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(lastRequest().body())
        .isEqualTo(
            "{\"mesh\":\"demo\",\"tags\":{\"kuma.io/service\":[\"web\",\"web-admin\"],"
                + "\"team\":[\"a\"]},\"type\":\"dataplane\",\"validFor\":\"24h\"}");
  }

  @Test
  void badFlagsAreUsageErrors() {
    CliRunner.Result tag = cli.run("generate", "dataplane-token", "--tag", "novalue");
    CliRunner.Result type = cli.run("generate", "dataplane-token", "--proxy-type", "zone");
    CliRunner.Result validFor = cli.run("generate", "dataplane-token", "--valid-for", "soon");

    assertThat(tag.exitCode()).isEqualTo(2);
    assertThat(tag.err())
        .startsWith(
            "Error: invalid --tag \"novalue\": expected KEY=VALUE[,VALUE...] such as"
                + " kuma.io/service=web\n");
    assertThat(type.err())
        .startsWith(
            "Error: invalid --proxy-type \"zone\": expected one of dataplane, ingress, egress\n");
    assertThat(validFor.err())
        .startsWith(
            "Error: invalid --valid-for \"soon\": expected a positive duration such as 24h\n");
    assertThat(cp.writes()).isEmpty();
  }

  @Test
  void aMeshWithoutSigningKeyFailsWithTheControlPlaneMessage() {
    CliRunner.Result result = cli.run("generate", "dataplane-token", "-m", "nope");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .startsWith("Error: could not generate a dataplane token: Signing Key not found: ")
        .contains("dataplane-token-signing-key-nope-1");
  }
}
