package io.portico.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpsControlPlaneTest {
  private static final Instant NOW = Instant.parse("2024-01-02T10:00:00Z");

  @TempDir Path home;
  private TestCertificates certificates;
  private FakeControlPlane cp;
  private CliRunner cli;

  @BeforeEach
  void start() throws Exception {
    certificates = TestCertificates.selfSignedForLocalhost();
    cp = FakeControlPlane.startHttps(NOW, certificates.serverContext());
    cli = new CliRunner(home, NOW);
  }

  @AfterEach
  void stop() {
    cp.close();
  }

  private String localhostAddress() {
    return cp.address().replace("127.0.0.1", "localhost");
  }

  @Test
  void caCertFileTrustsTheControlPlane() throws IOException {
    Path ca = certificates.writePem(home.resolve("ca.pem"));

    CliRunner.Result added =
        cli.run(
            "config",
            "control-planes",
            "add",
            "--name",
            "tls",
            "--address",
            localhostAddress(),
            "--ca-cert-file",
            ca.toString());
    CliRunner.Result get = cli.run("get", "meshes");

    assertThat(added.exitCode()).as(added.err()).isZero();
    assertThat(get.exitCode()).as(get.err()).isZero();
    assertThat(Files.readString(cli.configFile())).contains("caCertFile: " + ca);
  }

  @Test
  void untrustedCertificateSaysHowToTrustIt() {
    CliRunner.Result added =
        cli.run(
            "config", "control-planes", "add", "--name", "tls", "--address", localhostAddress());

    assertThat(added.exitCode()).isEqualTo(1);
    assertThat(added.err())
        .startsWith(
            "Error: could not add control plane \"tls\": could not reach the control plane at "
                + localhostAddress()
                + ": TLS failed (")
        .endsWith(
            "); trust the control plane's CA with --ca-cert-file or skip the check with"
                + " --skip-verify\n");
  }

  @Test
  void skipVerifyAcceptsAnyCertificateAndHostName() {
    CliRunner.Result added =
        cli.run(
            "config",
            "control-planes",
            "add",
            "--name",
            "tls",
            "--address",
            cp.address(),
            "--skip-verify");
    CliRunner.Result get = cli.run("get", "meshes");

    assertThat(added.exitCode()).as(added.err()).isZero();
    assertThat(get.exitCode()).as(get.err()).isZero();
  }

  @Test
  void missingCaFileIsNamed() {
    Path missing = home.resolve("nope.pem");

    CliRunner.Result added =
        cli.run(
            "config",
            "control-planes",
            "add",
            "--name",
            "tls",
            "--address",
            localhostAddress(),
            "--ca-cert-file",
            missing.toString());

    assertThat(added.err())
        .isEqualTo(
            "Error: could not add control plane \"tls\": --ca-cert-file "
                + missing
                + ": no such file\n");
  }

  @Test
  void silentControlPlaneTimesOut() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      String address = "http://127.0.0.1:" + silent.getLocalPort();
      cli.useControlPlane(address);

      CliRunner.Result result = cli.run("get", "meshes", "--api-timeout", "300ms");

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err())
          .isEqualTo(
              "Error: could not reach the control plane at "
                  + address
                  + ": no answer within 300ms (--api-timeout)\n");
    }
  }
}
