package io.portico.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.testing.controlplane.FakeControlPlane;
import io.portico.testing.pki.TestPki;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code portico-dp} as a real process: signals and exit codes. */
class PorticoDpProcessIT {
  private static TestPki pki;
  private static FakeControlPlane cp;

  @TempDir Path dir;
  private Process process;

  @BeforeAll
  static void startControlPlane() {
    pki = TestPki.create();
    cp = FakeControlPlane.startTls(pki.issueServer(List.of("localhost"), List.of("127.0.0.1")));
  }

  @AfterAll
  static void stopControlPlane() {
    cp.close();
  }

  @AfterEach
  void killProcess() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
    cp.acceptStreams();
  }

  private Process start(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(PorticoDp.class.getName());
    command.addAll(List.of(args));
    process =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("stdout").toFile())
            .redirectError(dir.resolve("stderr").toFile())
            .start();
    return process;
  }

  private String stderr() throws Exception {
    return Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
  }

  private String caFile() {
    return pki.writeCaCertificate(dir.resolve("ca.crt")).toString();
  }

  @Test
  void sigtermDrainsAndExitsZero() throws Exception {
    cp.push(ProxyConfig.newBuilder().setVersion("it-v1").build());
    Path template = dir.resolve("gw.yaml");
    Files.writeString(
        template,
        "type: Dataplane\nmesh: default\nname: {{name}}\nnetworking:\n  address: 127.0.0.1\n");
    int before = cp.hellos().size();
    start(
        "run",
        "--cp-address=https://localhost:" + cp.port() + "/",
        "--ca-cert-file=" + caFile(),
        "--dns-enabled=false",
        "--dataplane-file=" + template,
        "-v",
        "name=process-gw",
        "--drain-time=100ms");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cp.acks().stream().anyMatch(ack -> ack.getVersion().equals("it-v1")));
    assertThat(cp.hellos().get(before).getName()).isEqualTo("process-gw");

    process.destroy();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(stderr()).isZero();
  }

  @Test
  void refusalExitsOneWithTheControlPlanesMessage() throws Exception {
    cp.refuseWith(Status.UNAUTHENTICATED.withDescription("token expired"));
    start(
        "run",
        "--cp-address=https://localhost:" + cp.port(),
        "--ca-cert-file=" + caFile(),
        "--name=gw-refused",
        "--mesh=default");
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(stderr())
        .contains("refused dataplane \"default/gw-refused\": UNAUTHENTICATED: token expired");
  }

  @Test
  void missingDataplaneFileExitsTwo() throws Exception {
    start("run", "--dataplane-file=" + dir + File.separator + "x.yaml");
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(stderr())
        .contains("Error: dataplane file \"" + dir.resolve("x.yaml") + "\" does not exist");
  }
}
