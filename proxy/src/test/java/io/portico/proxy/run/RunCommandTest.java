package io.portico.proxy.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.grpc.Status;
import io.portico.proxy.PorticoDp;
import io.portico.proxy.api.v1.Hello;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.transport.Transport;
import io.portico.testing.controlplane.FakeControlPlane;
import io.portico.testing.pki.TestPki;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** {@code portico-dp run} in-process, against a fake control plane over TLS. */
class RunCommandTest {
  static final String GATEWAY_TEMPLATE =
      """
      type: Dataplane
      mesh: {{mesh}}
      name: {{name}}
      networking:
        address: {{net.address}}
        gateway:
          type: BUILTIN
          tags:
            kuma.io/service: edge-gateway
      """;

  private static TestPki pki;
  private static FakeControlPlane cp;

  @TempDir Path dir;
  private final FakeProxy runtime = new FakeProxy();
  private final List<Running> running = new ArrayList<>();

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
  void stopRunning() throws Exception {
    for (Running run : running) {
      run.shutdown.complete(null);
      run.exit.get(20, TimeUnit.SECONDS);
    }
    cp.acceptStreams();
  }

  record Result(int exitCode, String out, String err) {}

  static final class Running {
    final CompletableFuture<Void> shutdown = new CompletableFuture<>();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    CompletableFuture<Integer> exit;

    Result await() throws Exception {
      return new Result(exit.get(20, TimeUnit.SECONDS), out.toString(), err.toString());
    }
  }

  Running start(Map<String, String> env, String stdin, String... args) {
    Running run = new Running();
    CommandLine commandLine =
        PorticoDp.commandLine(
            new Launch(
                env,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                run.shutdown,
                runtime.factory()));
    commandLine.setOut(new PrintWriter(run.out, true));
    commandLine.setErr(new PrintWriter(run.err, true));
    run.exit = CompletableFuture.supplyAsync(() -> commandLine.execute(args));
    running.add(run);
    return run;
  }

  Result run(String... args) throws Exception {
    return start(Map.of(), "", args).await();
  }

  Path file(String name, String content) throws Exception {
    Path path = dir.resolve(name);
    Files.writeString(path, content);
    return path;
  }

  String caFile() {
    return pki.writeCaCertificate(dir.resolve("ca.crt")).toString();
  }

  String cpAddress() {
    return "https://localhost:" + cp.port() + "/";
  }

  /** Hellos received so far, to wait for one more. */
  int hellosSoFar() {
    return cp.hellos().size();
  }

  Hello awaitHello(int before) {
    await().until(() -> cp.hellos().size() > before);
    return cp.hellos().get(before);
  }

  @Test
  void registersATemplatedDataplaneFileRenderedWithVariables() throws Exception {
    Path template = file("gateway.yaml", GATEWAY_TEMPLATE);
    Path token = file("token", "header.claims.signature\n");
    int before = hellosSoFar();
    Running run =
        start(
            Map.of(),
            "",
            "run",
            "--cp-address=" + cpAddress(),
            "--ca-cert-file=" + caFile(),
            "--dns-enabled=false",
            "--dataplane-token-file=" + token,
            "--dataplane-file=" + template,
            "-v",
            "mesh=default",
            "--dataplane-var",
            "name=gateway-instance-1",
            "-v",
            "net.address=127.0.0.1");

    Hello hello = awaitHello(before);
    assertThat(hello.getMesh()).isEqualTo("default");
    assertThat(hello.getName()).isEqualTo("gateway-instance-1");
    assertThat(hello.getProxyType()).isEqualTo("dataplane");
    assertThat(hello.getDataplane())
        .isEqualTo(
            GATEWAY_TEMPLATE
                .replace("{{mesh}}", "default")
                .replace("{{name}}", "gateway-instance-1")
                .replace("{{net.address}}", "127.0.0.1"));
    assertThat(hello.getBuild().getVersion()).isNotEmpty();
    assertThat(cp.authorizations().get(before)).isEqualTo("header.claims.signature");
    assertThat(runtime.proxy)
        .isEqualTo(new ProxyDescription("default", "gateway-instance-1", ProxyType.DATAPLANE));

    run.shutdown.complete(null);
    Result result = run.await();
    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).doesNotContain("WARNING").doesNotContain("DNS");
  }

  @Test
  void indirectModeNamesAPreRegisteredDataplane() throws Exception {
    int before = hellosSoFar();
    start(
        Map.of(),
        "",
        "run",
        "--cp-address",
        cpAddress(),
        "--ca-cert-file",
        caFile(),
        "--name",
        "gw-2",
        "--mesh",
        "default",
        "--dataplane-token",
        "inline-token");
    Hello hello = awaitHello(before);
    assertThat(hello.getMesh()).isEqualTo("default");
    assertThat(hello.getName()).isEqualTo("gw-2");
    assertThat(hello.getDataplane()).isEmpty();
    assertThat(cp.authorizations().get(before)).isEqualTo("inline-token");
  }

  @Test
  void templateFromStdin() throws Exception {
    int before = hellosSoFar();
    start(
        Map.of(),
        "type: Dataplane\nmesh: default\nname: from-stdin\nnetworking: {address: 127.0.0.1}\n",
        "run",
        "--cp-address=" + cpAddress(),
        "--ca-cert-file=" + caFile(),
        "-d",
        "-");
    assertThat(awaitHello(before).getName()).isEqualTo("from-stdin");
  }

  @Test
  void inlineTokenWinsOverTheTokenFile() throws Exception {
    Path token = file("token", "from-file");
    int before = hellosSoFar();
    start(
        Map.of(),
        "",
        "run",
        "--cp-address=" + cpAddress(),
        "--ca-cert-file=" + caFile(),
        "--name=gw-3",
        "--mesh=default",
        "--dataplane-token-file=" + token,
        "--dataplane-token=from-flag");
    awaitHello(before);
    assertThat(cp.authorizations().get(before)).isEqualTo("from-flag");
  }

  @Test
  void environmentVariablesStandInForFlags() throws Exception {
    Path template = file("dp.yaml", GATEWAY_TEMPLATE);
    Path token = file("token", "env-token");
    Map<String, String> env = new HashMap<>();
    env.put("PORTICO_CONTROL_PLANE_URL", cpAddress());
    env.put("PORTICO_CONTROL_PLANE_CA_CERT", pki.caCertificatePem());
    env.put("PORTICO_DATAPLANE_RUNTIME_RESOURCE_PATH", template.toString());
    env.put("PORTICO_DATAPLANE_RUNTIME_TOKEN_PATH", token.toString());
    env.put("PORTICO_DNS_ENABLED", "false");
    env.put("PORTICO_DATAPLANE_DRAIN_TIME", "10ms");
    int before = hellosSoFar();
    Running run =
        start(
            env,
            "",
            "run",
            "-v",
            "mesh=default",
            "-v",
            "name=env-gw",
            "-v",
            "net.address=127.0.0.1");
    Hello hello = awaitHello(before);
    assertThat(hello.getName()).isEqualTo("env-gw");
    assertThat(cp.authorizations().get(before)).isEqualTo("env-token");
    run.shutdown.complete(null);
    Result result = run.await();
    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).doesNotContain("WARNING").doesNotContain("DNS");
  }

  @Test
  void indirectModeFromEnvironmentVariablesWithTheTokenPathAlias() throws Exception {
    Path token = file("token", "alias-token");
    Map<String, String> env = new HashMap<>();
    env.put("PORTICO_CONTROL_PLANE_URL", cpAddress());
    env.put("PORTICO_CONTROL_PLANE_CA_CERT_FILE", caFile());
    env.put("PORTICO_DATAPLANE_NAME", "env-indirect");
    env.put("PORTICO_DATAPLANE_MESH", "default");
    env.put("PORTICO_DATAPLANE_PROXY_TYPE", "dataplane");
    env.put("PORTICO_DATAPLANE_TOKEN_PATH", token.toString());
    int before = hellosSoFar();
    start(env, "", "run");
    Hello hello = awaitHello(before);
    assertThat(hello.getName()).isEqualTo("env-indirect");
    assertThat(hello.getDataplane()).isEmpty();
    assertThat(cp.authorizations().get(before)).isEqualTo("alias-token");
  }

  /** Pods and scripts written for kuma-dp set KUMA_ names (spec/kubernetes.md D2). */
  @Test
  void kumaVariablesStandInWhenThePorticoOnesAreUnset() throws Exception {
    Path token = file("token", "kuma-token");
    Map<String, String> env = new HashMap<>();
    env.put("KUMA_CONTROL_PLANE_URL", cpAddress());
    env.put("KUMA_CONTROL_PLANE_CA_CERT", pki.caCertificatePem());
    env.put("KUMA_DATAPLANE_NAME", "from-kuma");
    env.put("PORTICO_DATAPLANE_NAME", "from-portico");
    env.put("KUMA_DATAPLANE_MESH", "default");
    env.put("KUMA_DATAPLANE_RUNTIME_TOKEN_PATH", token.toString());
    env.put("KUMA_DATAPLANE_RUNTIME_CONCURRENCY", "3");
    env.put("PORTICO_DATAPLANE_RUNTIME_TRANSPORT", "Epoll");
    env.put("KUMA_DNS_ENABLED", "false");
    int before = hellosSoFar();
    Running run = start(env, "", "run");
    Hello hello = awaitHello(before);
    assertThat(hello.getName()).isEqualTo("from-portico");
    assertThat(hello.getMesh()).isEqualTo("default");
    assertThat(cp.authorizations().get(before)).isEqualTo("kuma-token");
    assertThat(runtime.proxy.concurrency()).isEqualTo(3);
    assertThat(runtime.proxy.transport()).isEqualTo(Transport.Kind.EPOLL);
    run.shutdown.complete(null);
    assertThat(run.await().err()).doesNotContain("WARNING").doesNotContain("DNS");
  }

  /**
   * The arguments the gateway Deployment and the injected sidecar pass (spec/kubernetes.md §4.5).
   */
  @Test
  void theGeneratedContainersArgumentsAreAccepted() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("PORTICO_CONTROL_PLANE_URL", cpAddress());
    env.put("PORTICO_CONTROL_PLANE_CA_CERT", pki.caCertificatePem());
    env.put("PORTICO_DATAPLANE_NAME", "edge-gateway-7c9f-x2x7q.shop");
    env.put("PORTICO_DATAPLANE_MESH", "default");
    env.put("PORTICO_DATAPLANE_RUNTIME_ENVOY_LOG_LEVEL", "warning");
    env.put("PORTICO_DNS_ENABLED", "false");
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    Level rootLevel = root.getLevel();
    try {
      int before = hellosSoFar();
      start(env, "", "run", "--log-level=error", "--concurrency=2");
      assertThat(awaitHello(before).getName()).isEqualTo("edge-gateway-7c9f-x2x7q.shop");
      assertThat(runtime.proxy.concurrency()).isEqualTo(2);
      assertThat(runtime.proxy.transport()).isEqualTo(Transport.Kind.IO_URING);
      assertThat(root.getLevel()).isEqualTo(Level.ERROR);
      assertThat(((Logger) LoggerFactory.getLogger("io.portico.proxy.http")).getLevel())
          .isEqualTo(Level.WARN);
    } finally {
      root.setLevel(rootLevel);
      for (String name : LogLevels.TRAFFIC) {
        ((Logger) LoggerFactory.getLogger(name)).setLevel(null);
      }
    }
  }

  @Test
  void flagsWinOverEnvironmentVariables() throws Exception {
    Map<String, String> env =
        Map.of("PORTICO_DATAPLANE_NAME", "from-env", "PORTICO_DATAPLANE_MESH", "default");
    int before = hellosSoFar();
    start(
        env,
        "",
        "run",
        "--cp-address=" + cpAddress(),
        "--ca-cert-file=" + caFile(),
        "--name=from-flag");
    assertThat(awaitHello(before).getName()).isEqualTo("from-flag");
  }

  @Test
  void configsGoToTheRuntimeAndAreAcked() throws Exception {
    ProxyConfig config =
        ProxyConfig.newBuilder().setVersion("run-v1").setDataplane("gw-acks").build();
    cp.push(config);
    start(
        Map.of(),
        "",
        "run",
        "--cp-address=" + cpAddress(),
        "--ca-cert-file=" + caFile(),
        "--name=gw-acks",
        "--mesh=default");
    await().until(() -> cp.acks().stream().anyMatch(ack -> ack.getVersion().equals("run-v1")));
    assertThat(runtime.sink.applied()).isEqualTo(config);
  }

  @Test
  void terminationDrainsForAtMostTheDrainTimeThenExitsZero() throws Exception {
    runtime.holdDrain();
    int before = hellosSoFar();
    Running run =
        start(
            Map.of(),
            "",
            "run",
            "--cp-address=" + cpAddress(),
            "--ca-cert-file=" + caFile(),
            "--name=gw-drain",
            "--mesh=default",
            "--drain-time=50ms");
    awaitHello(before);
    run.shutdown.complete(null);
    Result result = run.await();
    assertThat(result.exitCode()).isZero();
    assertThat(runtime.drainStarted).isTrue();
    assertThat(runtime.closed).isTrue();
  }

  @Test
  void terminationEndsAsSoonAsTheRuntimeIsDrained() throws Exception {
    runtime.holdDrain();
    int before = hellosSoFar();
    Running run =
        start(
            Map.of(),
            "",
            "run",
            "--cp-address=" + cpAddress(),
            "--ca-cert-file=" + caFile(),
            "--name=gw-drained",
            "--mesh=default",
            "--drain-time=10m");
    awaitHello(before);
    runtime.drained.complete(null);
    run.shutdown.complete(null);
    assertThat(run.await().exitCode()).isZero();
    await().until(() -> cp.openStreams() == 0);
  }

  @Test
  void refusalEndsTheRunWithTheControlPlanesMessageAndExitOne() throws Exception {
    cp.refuseWith(
        Status.PERMISSION_DENIED.withDescription(
            "token is for dataplane \"other\", not \"gateway-instance-1\""));
    Result result =
        run(
            "run",
            "--cp-address=" + cpAddress(),
            "--ca-cert-file=" + caFile(),
            "--name=gateway-instance-1",
            "--mesh=default");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains(
            "Error: the control plane at https://localhost:"
                + cp.port()
                + " refused dataplane \"default/gateway-instance-1\": PERMISSION_DENIED: token is for"
                + " dataplane \"other\", not \"gateway-instance-1\"");
    assertThat(runtime.closed).isTrue();
  }

  @Test
  void withoutACaTheCertificateIsNotVerifiedAndAWarningIsPrinted() throws Exception {
    int before = hellosSoFar();
    Running run =
        start(
            Map.of(),
            "",
            "run",
            "--cp-address=" + cpAddress(),
            "--name=gw-insecure",
            "--mesh=default");
    awaitHello(before);
    run.shutdown.complete(null);
    Result result = run.await();
    assertThat(result.err())
        .contains(
            "WARNING: no --ca-cert-file given: the control plane's certificate is NOT verified");
  }

  @Test
  void dnsEnabledByDefaultPrintsANoticeAndContinues() throws Exception {
    int before = hellosSoFar();
    Running run =
        start(
            Map.of(),
            "",
            "run",
            "--cp-address=" + cpAddress(),
            "--ca-cert-file=" + caFile(),
            "--name=gw-dns",
            "--mesh=default");
    awaitHello(before);
    run.shutdown.complete(null);
    Result result = run.await();
    assertThat(result.exitCode()).isZero();
    assertThat(result.err())
        .containsOnlyOnce("Notice: portico-dp provides no DNS; --dns-enabled=true is accepted");
  }

  @Test
  void zoneIngressTemplateNeedsNoMesh() throws Exception {
    Path template =
        file(
            "ingress.yaml",
            "type: ZoneIngress\nname: ingress-1\nnetworking:\n  address: 127.0.0.1\n  port: 10001\n");
    int before = hellosSoFar();
    Running run =
        start(
            Map.of(),
            "",
            "run",
            "--cp-address=" + cpAddress(),
            "--ca-cert-file=" + caFile(),
            "--proxy-type=ingress",
            "--dataplane-file=" + template);
    Hello hello = awaitHello(before);
    assertThat(hello.getProxyType()).isEqualTo("ingress");
    assertThat(hello.getMesh()).isEmpty();
    assertThat(hello.getName()).isEqualTo("ingress-1");
    run.shutdown.complete(null);
    assertThat(run.await().err()).doesNotContain("DNS");
  }
}
