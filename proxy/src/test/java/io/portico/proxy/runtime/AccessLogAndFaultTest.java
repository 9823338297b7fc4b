package io.portico.proxy.runtime;

import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import io.portico.proxy.api.v1.AccessLog;
import io.portico.proxy.api.v1.FaultAbort;
import io.portico.proxy.api.v1.FaultDelay;
import io.portico.proxy.api.v1.FaultInjection;
import io.portico.proxy.api.v1.FaultResponseBandwidth;
import io.portico.proxy.api.v1.HttpListener;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.Tag;
import io.portico.proxy.api.v1.TagSelector;
import io.portico.proxy.api.v1.TcpListener;
import io.portico.proxy.api.v1.TrafficDirection;
import io.portico.proxy.api.v1.VirtualHost;
import io.portico.proxy.api.v1.WeightedCluster;
import io.portico.proxy.fixture.EchoUpstream;
import io.portico.proxy.fixture.RawHttpClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Access logs (file, TCP) and faults (abort, delay, bandwidth) through a real runtime. */
class AccessLogAndFaultTest {
  private static final String GATEWAY_TAGS = "&kuma.io/service=edge-gateway&";

  @TempDir Path dir;
  private ProxyRuntime runtime;
  private EchoUpstream echo;

  @BeforeEach
  void start() {
    echo = EchoUpstream.http1("echo");
    runtime = ProxyRuntime.builder().eventLoopThreads(1).build();
  }

  @AfterEach
  void stop() {
    runtime.close();
    echo.close();
  }

  private static VirtualHost anyHost() {
    return VirtualHost.newBuilder()
        .setName("any")
        .addDomains("*")
        .addRoutes(forward("all", prefix("/"), "echo"))
        .build();
  }

  private int apply(Listener.Builder listener) {
    ProxyConfig config =
        ProxyConfig.newBuilder()
            .setVersion("v" + System.nanoTime())
            .addClusters(http1("echo", echo.port()))
            .addListeners(listener.setName("web").setAddress("127.0.0.1").setPort(0))
            .build();
    assertThat(runtime.apply(config)).isEmpty();
    return runtime.listenerPort("web").orElseThrow();
  }

  private static AccessLog.Builder log(String format) {
    return AccessLog.newBuilder()
        .setFormat(format)
        .setMesh("default")
        .setSourceService("edge-gateway")
        .setDestinationService("*")
        .setSourceAddress("10.0.0.1");
  }

  private static Listener.Builder http(HttpListener.Builder http) {
    return Listener.newBuilder()
        .setDirection(TrafficDirection.INBOUND)
        .setHttp(http.addVirtualHosts(anyHost()));
  }

  @Test
  void everyHttpRequestIsOneLineInTheFile() throws Exception {
    Path file = dir.resolve("logs/access.log");
    int port =
        apply(
            http(HttpListener.newBuilder())
                .setAccessLog(
                    log("%REQ(:METHOD)% %REQ(:PATH)% %PROTOCOL% %RESPONSE_CODE% %KUMA_MESH%"
                            + " %KUMA_SOURCE_SERVICE% %KUMA_DESTINATION_SERVICE%"
                            + " %UPSTREAM_HOST% %REQ(X-MISSING)% %REQ(USER-AGENT):3%"
                            + " %KUMA_TRAFFIC_DIRECTION%")
                        .setFilePath(file.toString())));

    assertThat(RawHttpClient.request(port, "a.example", "/one", "User-Agent: curl/8").status())
        .isEqualTo(200);
    assertThat(RawHttpClient.request(port, "a.example", "/two?x=1").status()).isEqualTo(200);

    Awaitility.await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> Files.exists(file) && Files.readAllLines(file).size() == 2);
    assertThat(Files.readAllLines(file))
        .containsExactly(
            "GET /one HTTP/1.1 200 default edge-gateway * 127.0.0.1:"
                + echo.port()
                + " - cur INBOUND",
            "GET /two?x=1 HTTP/1.1 200 default edge-gateway * 127.0.0.1:"
                + echo.port()
                + " - - INBOUND");
  }

  /** Refused requests are logged with Envoy's flag DPE (downstream protocol error). */
  @Test
  void refusedRequestsAreLoggedAsDownstreamProtocolErrors() throws Exception {
    Path file = dir.resolve("logs/refused.log");
    int port =
        apply(
            http(HttpListener.newBuilder())
                .setAccessLog(
                    log("%RESPONSE_CODE% %RESPONSE_FLAGS%").setFilePath(file.toString())));

    // HTTP/1.1 without Host
    assertThat(RawHttpClient.request(port, "", "/").status()).isEqualTo(200);
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket
          .getOutputStream()
          .write("GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      assertThat(new String(socket.getInputStream().readAllBytes(), "US-ASCII"))
          .startsWith("HTTP/1.1 400");
    }
    // a chunk size that is not hexadecimal
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket
          .getOutputStream()
          .write(
              ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello"
                      + "\r\n0\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      assertThat(new String(socket.getInputStream().readAllBytes(), "US-ASCII"))
          .startsWith("HTTP/1.1 400");
    }

    Awaitility.await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> Files.exists(file) && Files.readAllLines(file).size() == 3);
    assertThat(Files.readAllLines(file)).containsExactly("200 -", "400 DPE", "400 DPE");
  }

  @Test
  void defaultKumaFormatCarriesSizesAndTheUpstream() throws Exception {
    Path file = dir.resolve("access.log");
    int port =
        apply(
            http(HttpListener.newBuilder())
                .setAccessLog(
                    log(io.portico.proxy.accesslog.AccessLogFormat.DEFAULT_HTTP)
                        .setFilePath(file.toString())));

    assertThat(
            RawHttpClient.connect(port)
                .exchange("POST", "shop.example", "/buy", "12345", "X-Request-Id: r-1")
                .status())
        .isEqualTo(200);

    Awaitility.await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> Files.exists(file) && Files.readAllLines(file).size() == 1);
    String line = Files.readAllLines(file).get(0);
    assertThat(line)
        .matches(
            "\\[\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z] default \"POST /buy HTTP/1.1\""
                + " 200 - 5 \\d+ \\d+ - \"-\" \"-\" \"-\" \"r-1\" \"shop.example\""
                + " \"edge-gateway\" \"\\*\" \"10.0.0.1\" \"127.0.0.1:"
                + echo.port()
                + "\"");
  }

  @Test
  void tcpConnectionsAreLoggedToACollector() throws Exception {
    try (ServerSocket collector = new ServerSocket(0)) {
      Listener.Builder tcp =
          Listener.newBuilder()
              .setDirection(TrafficDirection.OUTBOUND)
              .setTcp(
                  TcpListener.newBuilder()
                      .addClusters(WeightedCluster.newBuilder().setCluster("echo").setWeight(1)))
              .setAccessLog(
                  log(io.portico.proxy.accesslog.AccessLogFormat.DEFAULT_TCP)
                      .setTcpAddress("127.0.0.1:" + collector.getLocalPort()));
      int port = apply(tcp);

      try (Socket client = new Socket("127.0.0.1", port)) {
        OutputStream out = client.getOutputStream();
        out.write(
            "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        client.getInputStream().readAllBytes();
      }

      collector.setSoTimeout(10_000);
      try (Socket accepted = collector.accept();
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(accepted.getInputStream(), StandardCharsets.UTF_8))) {
        assertThat(in.readLine())
            .matches(
                "\\[.*Z] - default 10\\.0\\.0\\.1\\(edge-gateway\\)->127\\.0\\.0\\.1:"
                    + echo.port()
                    + "\\(\\*\\) took \\d+ms, sent \\d+ bytes, received: \\d+ bytes")
            .contains("received: 46 bytes");
      }
    }
  }

  @Test
  void unknownOperatorIsRejectedWithItsName() {
    ProxyConfig config =
        ProxyConfig.newBuilder()
            .setVersion("bad")
            .addClusters(http1("echo", echo.port()))
            .addListeners(
                http(HttpListener.newBuilder())
                    .setName("web")
                    .setAddress("127.0.0.1")
                    .setPort(0)
                    .setAccessLog(log("%START_TIME% %NOT_A_THING% %REQ()%").setFilePath("x")))
            .build();

    List<String> errors = runtime.apply(config);

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0))
        .startsWith("listeners[web].access_log.format: ")
        .contains("unknown command operator %NOT_A_THING%")
        .contains("%REQ()%");
  }

  private static FaultInjection.Builder fromGateway() {
    return FaultInjection.newBuilder()
        .setName("fi")
        .addSources(
            TagSelector.newBuilder()
                .addTags(Tag.newBuilder().setKey("kuma.io/service").setValue("edge-gateway")));
  }

  @Test
  void abortAnswersTheStatusToMatchingSourcesOnly() {
    int port =
        apply(
            http(
                HttpListener.newBuilder()
                    .addFaults(
                        fromGateway()
                            .setAbort(
                                FaultAbort.newBuilder().setPercentage(100).setHttpStatus(503)))));

    RawHttpClient.Response aborted =
        RawHttpClient.request(port, "x", "/", "x-kuma-tags: " + GATEWAY_TAGS);
    RawHttpClient.Response other =
        RawHttpClient.request(port, "x", "/", "x-kuma-tags: &kuma.io/service=web&");
    RawHttpClient.Response none = RawHttpClient.request(port, "x", "/");

    assertThat(aborted.status()).isEqualTo(503);
    assertThat(aborted.body()).isEqualTo("fault filter abort");
    assertThat(other.status()).isEqualTo(200);
    assertThat(none.status()).isEqualTo(200);
    assertThat(echo.requests()).isEqualTo(2);
  }

  @Test
  void zeroPercentNeverFires() {
    int port =
        apply(
            http(
                HttpListener.newBuilder()
                    .addFaults(
                        fromGateway()
                            .setAbort(
                                FaultAbort.newBuilder().setPercentage(0).setHttpStatus(500)))));

    assertThat(RawHttpClient.request(port, "x", "/", "x-kuma-tags: " + GATEWAY_TAGS).status())
        .isEqualTo(200);
  }

  @Test
  void delayHoldsTheRequestAtLeastTheDelayThenForwardsIt() {
    int port =
        apply(
            http(
                HttpListener.newBuilder()
                    .addFaults(
                        fromGateway()
                            .setDelay(
                                FaultDelay.newBuilder()
                                    .setPercentage(100)
                                    .setValue(Duration.newBuilder().setNanos(300_000_000))))));

    try (RawHttpClient client = RawHttpClient.connect(port)) {
      long start = System.nanoTime();
      RawHttpClient.Response first =
          client.exchange("POST", "x", "/", "body", "x-kuma-tags: " + GATEWAY_TAGS);
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      RawHttpClient.Response second = client.get("x", "/", "x-kuma-tags: " + GATEWAY_TAGS);

      assertThat(first.status()).isEqualTo(200);
      assertThat(EchoUpstream.parse(first.body()).at("/body").asText()).isEqualTo("body");
      assertThat(second.status()).isEqualTo(200);
      assertThat(elapsedMillis).isGreaterThanOrEqualTo(300);
    }
  }

  @Test
  void responseBandwidthThrottlesTheBody() {
    int port =
        apply(
            http(
                HttpListener.newBuilder()
                    .addFaults(
                        fromGateway()
                            .setResponseBandwidth(
                                FaultResponseBandwidth.newBuilder()
                                    .setPercentage(100)
                                    .setLimitKbps(16)))));
    String body = "x".repeat(48 * 1024);

    try (RawHttpClient client = RawHttpClient.connect(port)) {
      long start = System.nanoTime();
      RawHttpClient.Response response =
          client.exchange("POST", "x", "/", body, "x-kuma-tags: " + GATEWAY_TAGS);
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

      assertThat(response.status()).isEqualTo(200);
      assertThat(EchoUpstream.parse(response.body()).at("/body").asText()).hasSize(body.length());
      // 48 KiB at 16 KiB/s: about 3 s; a generous lower bound only.
      assertThat(elapsedMillis).isGreaterThanOrEqualTo(1_000);
    }
  }

  @Test
  void badFaultsAreRejectedWithTheirPaths() {
    ProxyConfig config =
        ProxyConfig.newBuilder()
            .setVersion("bad")
            .addClusters(http1("echo", echo.port()))
            .addListeners(
                http(HttpListener.newBuilder()
                        .addFaults(
                            fromGateway()
                                .setAbort(
                                    FaultAbort.newBuilder().setPercentage(150).setHttpStatus(42))))
                    .setName("web")
                    .setAddress("127.0.0.1")
                    .setPort(0))
            .build();

    assertThat(runtime.apply(config))
        .containsExactlyInAnyOrder(
            "listeners[web].http.faults[fi].abort.percentage: must be in [0, 100], got 150.0",
            "listeners[web].http.faults[fi].abort.http_status: must be in [200, 599], got 42");
  }
}
