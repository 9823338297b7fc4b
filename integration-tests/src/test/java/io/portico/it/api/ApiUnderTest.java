package io.portico.it.api;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.portico.cp.ControlPlane;
import io.portico.cp.compiler.ProxyConfigCompiler;
import io.portico.cp.config.ConfigLoader;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.codec.TreeReader;
import io.portico.proxy.api.v1.Ack;
import io.portico.proxy.api.v1.Hello;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.ProxyDiscoveryServiceGrpc;
import io.portico.proxy.api.v1.ProxyRequest;
import io.portico.proxy.api.v1.ProxyResponse;
import io.portico.proxy.config.InvalidConfigException;
import io.portico.proxy.config.RuntimeConfigCompiler;
import io.portico.proxy.tls.TlsContexts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;

/**
 * The real control plane in this JVM, on SQLite as the embedded default, with the API on a free
 * loopback port, the example resources of every kind applied, and two proxies of mesh {@code
 * default} connected to its DP server: a builtin gateway ({@code edge-1}) and a sidecar ({@code
 * web-1}). The proxies acknowledge every config; the compiler the control plane uses is the real
 * one followed by the proxy's own validation ({@link RuntimeConfigCompiler}), so that a config the
 * control plane compiles but a proxy would refuse is recorded as a failure.
 */
final class ApiUnderTest implements AutoCloseable {
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  static final Duration CONFIG_WAIT = Duration.ofSeconds(15);
  static final ResourceCodec CODEC = ResourceCodec.standard();

  /** Numbers read exactly, as the control plane reads them (a double would turn 1e400 into ∞). */
  private static final ObjectMapper JSON =
      com.fasterxml.jackson.databind.json.JsonMapper.builder()
          .nodeFactory(
              com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  final Path workDir;
  final ControlPlane cp;
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(REQUEST_TIMEOUT)
          .build();
  final List<JsonNode> examples;
  private final List<String> failures;
  private final List<AckingProxy> proxies = new ArrayList<>();
  private final AtomicInteger barrier = new AtomicInteger(40_000);

  private ApiUnderTest(
      Path workDir, ControlPlane cp, List<JsonNode> examples, List<String> failures) {
    this.workDir = workDir;
    this.cp = cp;
    this.examples = examples;
    this.failures = failures;
  }

  static ApiUnderTest start() {
    Path workDir;
    try {
      workDir = Files.createTempDirectory("portico-hostile-input");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    RuntimeConfigCompiler proxySide =
        new RuntimeConfigCompiler(Clock.systemUTC(), TlsContexts.create(true));
    ProxyConfigCompiler real = new ProxyConfigCompiler();
    ControlPlane cp =
        ControlPlane.start(
            new ConfigLoader(env(workDir)).load(Optional.empty()),
            ControlPlane.Options.standard()
                .withCompiler(
                    (snapshot, dataplane) -> {
                      ProxyConfig config;
                      try {
                        config = real.compile(snapshot, dataplane);
                      } catch (RuntimeException e) {
                        failures.add(
                            "the control plane could not compile " + dataplane.name() + ": " + e);
                        throw e;
                      }
                      try {
                        proxySide.compile(config);
                      } catch (InvalidConfigException e) {
                        failures.add(
                            "proxy "
                                + dataplane.name()
                                + " would refuse its config: "
                                + e.errors());
                      }
                      return config;
                    }));
    ApiUnderTest api = new ApiUnderTest(workDir, cp, readExamples(), failures);
    api.awaitReady();
    api.applyExamples();
    api.connectProxies();
    return api;
  }

  /** Every failure recorded by the checking compiler so far. */
  List<String> failures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  private static Map<String, String> env(Path workDir) {
    return Map.ofEntries(
        Map.entry("HOME", workDir.toString()),
        Map.entry("PORTICO_STORE_TYPE", "sqlite"),
        Map.entry("PORTICO_GENERAL_WORK_DIR", workDir.toString()),
        Map.entry("PORTICO_API_SERVER_HTTP_INTERFACE", "127.0.0.1"),
        Map.entry("PORTICO_API_SERVER_HTTP_PORT", "0"),
        Map.entry("PORTICO_API_SERVER_HTTPS_ENABLED", "false"),
        Map.entry("PORTICO_API_SERVER_HTTPS_INTERFACE", "127.0.0.1"),
        Map.entry("PORTICO_API_SERVER_HTTPS_PORT", "0"),
        Map.entry("PORTICO_DIAGNOSTICS_SERVER_PORT", "0"),
        Map.entry("PORTICO_DP_SERVER_INTERFACE", "127.0.0.1"),
        Map.entry("PORTICO_DP_SERVER_PORT", "0"),
        Map.entry("PORTICO_XDS_SERVER_DATAPLANE_CONFIGURATION_REFRESH_INTERVAL", "500ms"));
  }

  private static List<JsonNode> readExamples() {
    try (InputStream in = ApiUnderTest.class.getResourceAsStream("/api/examples.yaml")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return TreeReader.readYamlDocuments(text).documents().stream()
          .map(TreeReader.Document::tree)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- HTTP

  String base() {
    return "http://127.0.0.1:" + cp.ports().apiHttp();
  }

  /** One request; fails (as a hang) when no answer comes within {@link #REQUEST_TIMEOUT}. */
  HttpResponse<String> send(String method, String path, byte[] body, String contentType) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base() + path))
            .timeout(REQUEST_TIMEOUT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " got no answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A whole raw exchange: the status, the head (status line and headers) and the body. */
  record RawAnswer(int status, String head, String body) {
    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  /**
   * Writes a request as bytes and reads one answer: its head, then as many body bytes as it
   * declares (none for HEAD), or up to the end of the connection. Fails as a hang when nothing
   * complete comes within {@link #REQUEST_TIMEOUT}.
   */
  RawAnswer raw(byte[] request, boolean isHead) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", cp.ports().apiHttp())) {
      socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      while (true) {
        String text = read.toString(StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
          String head = text.substring(0, headEnd);
          RawAnswer partial = new RawAnswer(0, head, "");
          String length = partial.header("Content-Length");
          int bodyLength = isHead ? 0 : length == null ? -1 : Integer.parseInt(length);
          if (bodyLength >= 0 && read.size() >= headEnd + 4 + bodyLength) {
            String body =
                new String(read.toByteArray(), headEnd + 4, bodyLength, StandardCharsets.UTF_8);
            return new RawAnswer(Integer.parseInt(head.split(" ", 3)[1]), head, body);
          }
        }
        int n;
        try {
          n = in.read(buffer);
        } catch (java.net.SocketException e) {
          n = -1;
        }
        if (n < 0) {
          if (headEnd < 0) {
            throw new AssertionError("the connection closed without an answer");
          }
          String head = text.substring(0, headEnd);
          return new RawAnswer(
              Integer.parseInt(head.split(" ", 3)[1]),
              head,
              new String(
                  read.toByteArray(),
                  headEnd + 4,
                  read.size() - headEnd - 4,
                  StandardCharsets.UTF_8));
        }
        read.write(buffer, 0, n);
      }
    } catch (java.net.SocketTimeoutException e) {
      throw new AssertionError("no answer within " + REQUEST_TIMEOUT, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  HttpResponse<String> get(String path) {
    return send("GET", path, null, null);
  }

  HttpResponse<String> putJson(String path, JsonNode tree) {
    try {
      return send("PUT", path, JSON.writeValueAsBytes(tree), "application/json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
    }
  }

  /**
   * The API path of a resource tree: {@code /meshes/{mesh}/{plural}/{name}} or {@code
   * /{plural}/{name}}.
   */
  static String pathOf(JsonNode tree) {
    var type = CODEC.types().byName(tree.path("type").asText()).orElseThrow();
    String name = tree.path("name").asText();
    return type.isMeshScoped()
        ? "/meshes/" + tree.path("mesh").asText() + "/" + type.plural() + "/" + name
        : "/" + type.plural() + "/" + name;
  }

  /** The list path of a resource tree's kind, in its mesh for a mesh-scoped kind. */
  static String listPathOf(JsonNode tree) {
    var type = CODEC.types().byName(tree.path("type").asText()).orElseThrow();
    return type.isMeshScoped()
        ? "/meshes/" + tree.path("mesh").asText() + "/" + type.plural()
        : "/" + type.plural();
  }

  /** The tree as the API's JSON reads back: for comparing by content, whatever its node types. */
  static JsonNode canonical(JsonNode tree) {
    try {
      return JSON.readTree(JSON.writeValueAsString(tree));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The stored form without the times the control plane sets. */
  static ObjectNode withoutTimes(JsonNode stored) {
    ObjectNode copy = (ObjectNode) stored.deepCopy();
    copy.remove("creationTime");
    copy.remove("modificationTime");
    return copy;
  }

  // ---------------------------------------------------------------- set-up

  private void awaitReady() {
    await("mesh default and its signing key")
        .atMost(CONFIG_WAIT)
        .until(
            () ->
                get("/meshes/default/secrets/dataplane-token-signing-key-default-1").statusCode()
                    == 200);
  }

  private void applyExamples() {
    for (JsonNode example : examples) {
      HttpResponse<String> r = putJson(pathOf(example), example);
      if (r.statusCode() != 200 && r.statusCode() != 201) {
        throw new AssertionError(
            "the example " + pathOf(example) + " is refused: " + r.statusCode() + " " + r.body());
      }
    }
  }

  /** Puts back the example at {@code index} as it was, whatever a test did to it. */
  void restore(JsonNode example) {
    HttpResponse<String> r = putJson(pathOf(example), example);
    if (r.statusCode() != 200 && r.statusCode() != 201) {
      throw new AssertionError("could not restore " + pathOf(example) + ": " + r.body());
    }
  }

  private void connectProxies() {
    putDataplanes(barrier.get());
    proxies.add(AckingProxy.connect(this, "edge-1"));
    proxies.add(AckingProxy.connect(this, "web-1"));
    for (AckingProxy proxy : proxies) {
      proxy.awaitAdminPort(barrier.get(), this);
    }
  }

  private void putDataplanes(int adminPort) {
    String gateway =
        "{\"type\":\"Dataplane\",\"mesh\":\"default\",\"name\":\"edge-1\",\"networking\":"
            + "{\"address\":\"127.0.0.1\",\"admin\":{\"port\":"
            + adminPort
            + "},\"gateway\":{\"type\":\"BUILTIN\",\"tags\":{\"kuma.io/service\":\"edge-gateway\"}}}}";
    String sidecar =
        "{\"type\":\"Dataplane\",\"mesh\":\"default\",\"name\":\"web-1\",\"networking\":"
            + "{\"address\":\"127.0.0.1\",\"admin\":{\"port\":"
            + adminPort
            + "},\"inbound\":[{\"port\":10001,\"servicePort\":20001,\"tags\":"
            + "{\"kuma.io/service\":\"web\",\"kuma.io/protocol\":\"http\"}}],"
            + "\"outbound\":[{\"port\":33033,\"tags\":{\"kuma.io/service\":\"backend\"}},"
            + "{\"port\":33034,\"tags\":{\"kuma.io/service\":\"httpbin\"}}]}}";
    for (String body : List.of(gateway, sidecar)) {
      try {
        JsonNode tree = JSON.readTree(body);
        HttpResponse<String> r = putJson(pathOf(tree), tree);
        if (r.statusCode() != 200 && r.statusCode() != 201) {
          throw new AssertionError("dataplane refused: " + r.body());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Proves that mesh {@code default} as stored now still configures its proxies: changes both
   * dataplanes (their admin port) and waits until each proxy received a config compiled after the
   * change. A mesh stalled by what was stored never gets there.
   */
  void awaitProxiesConfigured() {
    int port = barrier.incrementAndGet();
    if (port > 59_000) {
      barrier.set(40_000);
    }
    putDataplanes(port);
    for (AckingProxy proxy : proxies) {
      proxy.awaitAdminPort(port, this);
    }
  }

  @Override
  public void close() {
    proxies.forEach(AckingProxy::close);
    cp.close();
    try (Stream<Path> files = Files.walk(workDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is not worth failing the tests for
    }
  }

  // ---------------------------------------------------------------- proxies

  /** A config stream that acknowledges every config and remembers the last admin port. */
  static final class AckingProxy implements AutoCloseable {
    private final String name;
    private final ManagedChannel channel;
    private final CompletableFuture<ClientCallStreamObserver<ProxyRequest>> requests =
        new CompletableFuture<>();
    private volatile int adminPort = -1;
    private volatile String ended;

    private AckingProxy(String name, ManagedChannel channel) {
      this.name = name;
      this.channel = channel;
    }

    static AckingProxy connect(ApiUnderTest api, String name) {
      HttpResponse<String> token =
          api.send(
              "POST",
              "/tokens/dataplane",
              ("{\"mesh\":\"default\",\"name\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8),
              "application/json");
      if (token.statusCode() != 200) {
        throw new AssertionError("no token: " + token.body());
      }
      ManagedChannel channel;
      try {
        channel =
            NettyChannelBuilder.forAddress("127.0.0.1", api.cp.ports().dpServer())
                .sslContext(
                    GrpcSslContexts.forClient()
                        .trustManager(api.workDir.resolve("portico-cp.crt").toFile())
                        .build())
                .build();
      } catch (SSLException e) {
        throw new IllegalStateException(e);
      }
      Metadata metadata = new Metadata();
      metadata.put(AUTHORIZATION, token.body());
      AckingProxy proxy = new AckingProxy(name, channel);
      ProxyDiscoveryServiceGrpc.newStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
          .streamConfig(proxy.new Responses());
      proxy.send(
          ProxyRequest.newBuilder()
              .setHello(Hello.newBuilder().setMesh("default").setName(name))
              .build());
      return proxy;
    }

    private final class Responses implements ClientResponseObserver<ProxyRequest, ProxyResponse> {
      @Override
      public void beforeStart(ClientCallStreamObserver<ProxyRequest> stream) {
        requests.complete(stream);
      }

      @Override
      public void onNext(ProxyResponse response) {
        ProxyConfig config = response.getConfig();
        adminPort = config.getAdmin().getPort();
        send(
            ProxyRequest.newBuilder()
                .setAck(Ack.newBuilder().setVersion(config.getVersion()))
                .build());
      }

      @Override
      public void onError(Throwable t) {
        ended = t.toString();
      }

      @Override
      public void onCompleted() {
        ended = "completed";
      }
    }

    private void send(ProxyRequest request) {
      try {
        ClientCallStreamObserver<ProxyRequest> stream =
            requests.get(CONFIG_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        synchronized (stream) {
          stream.onNext(request);
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    void awaitAdminPort(int port, ApiUnderTest api) {
      await()
          .atMost(CONFIG_WAIT)
          .pollInterval(Duration.ofMillis(20))
          .untilAsserted(
              () -> {
                if (adminPort != port) {
                  throw new AssertionError(
                      "proxy "
                          + name
                          + " got no config for admin port "
                          + port
                          + " (last "
                          + adminPort
                          + (ended == null ? "" : ", stream ended: " + ended)
                          + "); compile failures: "
                          + api.failures());
                }
              });
    }

    @Override
    public void close() {
      channel.shutdownNow();
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
