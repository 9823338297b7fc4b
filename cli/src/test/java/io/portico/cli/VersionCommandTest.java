package io.portico.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.cli.version.ClientVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionCommandTest {
  private static final Instant NOW = Instant.parse("2024-01-02T10:00:00Z");

  @TempDir Path home;

  @Test
  void printsClientAndControlPlaneVersions() throws IOException {
    try (FakeControlPlane cp = FakeControlPlane.start(NOW)) {
      CliRunner cli = new CliRunner(home, NOW);
      cli.useControlPlane(cp.address());

      CliRunner.Result both = cli.run("version");
      CliRunner.Result clientOnly = cli.run("version", "--client");

      assertThat(ClientVersion.get()).isNotEqualTo("unknown");
      assertThat(both.out())
          .isEqualTo("porticoctl: " + ClientVersion.get() + "\ncontrol plane: 2.0.8-fake\n");
      assertThat(clientOnly.out()).isEqualTo("porticoctl: " + ClientVersion.get() + "\n");
      assertThat(cp.requests()).hasSize(1);
    }
  }

  @Test
  void unreachableControlPlaneIsReportedWithoutFailing() throws IOException {
    String address = ConfigCommandsTest.closedAddress();
    CliRunner cli = new CliRunner(home, NOW);
    cli.useControlPlane(address);

    CliRunner.Result result = cli.run("version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("porticoctl: " + ClientVersion.get() + "\n");
    assertThat(result.err())
        .isEqualTo(
            "Unable to connect to control plane: could not reach the control plane at "
                + address
                + ": connection refused\n");
  }

  @Test
  void noCommandIsAUsageError() {
    CliRunner.Result result = new CliRunner(home, NOW).run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .startsWith("Error: missing command\nRun 'porticoctl --help' for usage.");
  }
}
