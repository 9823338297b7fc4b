package io.portico.cp.dpserver;

import static io.portico.cp.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.cp.ApiClient;
import io.portico.cp.ControlPlane;
import io.portico.cp.TestControlPlanes;
import io.portico.cp.defaults.MeshDefaults;
import io.portico.proxy.api.v1.Admin;
import io.portico.proxy.api.v1.Hello;
import io.portico.proxy.api.v1.ProxyRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * An in-process control plane (memory store, loopback, port 0) with its DP server, an API client,
 * helpers to make tokens and dataplanes, and the test proxies it connected (closed with it).
 */
final class DpFixture implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);

  /**
   * A compiler whose output changes with every snapshot and dataplane: the admin address is the
   * snapshot hash, the port the dataplane's admin port. Stands in for the real compiler, whose
   * output does not depend on everything yet.
   */
  static final ConfigCompiler HASHING_COMPILER =
      (snapshot, dataplane) ->
          new io.portico.cp.compiler.ProxyConfigCompiler()
              .compile(snapshot, dataplane).toBuilder()
                  // Let the DP server version the altered content (the real version would not
                  // change with what this compiler adds).
                  .setVersion("")
                  .setAdmin(
                      Admin.newBuilder()
                          .setAddress(snapshot.hash().substring(0, 16))
                          .setPort(
                              dataplane.spec().networking() == null
                                      || dataplane.spec().networking().admin() == null
                                  ? 0
                                  : dataplane.spec().networking().admin().port()))
                  .build();

  final Path workDir;
  final ControlPlane cp;
  final ApiClient api;
  private final List<TestProxy> proxies = new ArrayList<>();

  private DpFixture(Path workDir, ControlPlane cp) {
    this.workDir = workDir;
    this.cp = cp;
    this.api = ApiClient.of(cp);
  }

  static DpFixture start(Path workDir) {
    return start(workDir, Map.of(), o -> o);
  }

  static DpFixture start(
      Path workDir, Map<String, String> overrides, UnaryOperator<ControlPlane.Options> options) {
    Map<String, String> env = new HashMap<>();
    env.put("PORTICO_XDS_SERVER_NACK_BACKOFF", "300ms");
    env.put("PORTICO_XDS_SERVER_DATAPLANE_STATUS_FLUSH_INTERVAL", "100ms");
    env.put("PORTICO_XDS_SERVER_DATAPLANE_CONFIGURATION_REFRESH_INTERVAL", "200ms");
    env.putAll(overrides);
    ControlPlane cp =
        ControlPlane.start(
            TestControlPlanes.config(workDir, env),
            options.apply(TestControlPlanes.options().withCompiler(HASHING_COMPILER)));
    DpFixture fixture = new DpFixture(workDir, cp);
    fixture.awaitMesh("default");
    return fixture;
  }

  /**
   * Waits until the mesh exists with its dataplane-token signing key (or, for a caller that may not
   * read secrets, until reading the key is refused rather than not found).
   */
  void awaitMesh(String mesh) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                api.get("/meshes/" + mesh).statusCode() == 200
                    && api.get("/meshes/" + mesh + "/secrets/" + MeshDefaults.signingKeyName(mesh))
                            .statusCode()
                        != 404);
  }

  void createMesh(String mesh) {
    put("/meshes/" + mesh, "{\"type\":\"Mesh\",\"name\":\"" + mesh + "\"}");
    awaitMesh(mesh);
  }

  int port() {
    return cp.ports().dpServer();
  }

  Path caCert() {
    return workDir.resolve("portico-cp.crt");
  }

  /** {@code POST /tokens/dataplane}, expecting 200. */
  String token(String body) {
    HttpResponse<String> response = api.post("/tokens/dataplane", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  String tokenFor(String mesh, String name) {
    return token("{\"mesh\":\"" + mesh + "\",\"name\":\"" + name + "\"}");
  }

  void put(String path, String body) {
    HttpResponse<String> response = api.put(path, body);
    assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
  }

  /** Creates or replaces a dataplane through the API. */
  void putDataplane(String mesh, String name, String json) {
    put("/meshes/" + mesh + "/dataplanes/" + name, json);
  }

  static String dataplane(String mesh, String name, String service) {
    return dataplane(mesh, name, service, 0);
  }

  /** A sidecar dataplane with one inbound of {@code service}, as JSON. */
  static String dataplane(String mesh, String name, String service, int adminPort) {
    return "{\"type\":\"Dataplane\",\"mesh\":\""
        + mesh
        + "\",\"name\":\""
        + name
        + "\",\"networking\":{\"address\":\"127.0.0.1\""
        + (adminPort == 0 ? "" : ",\"admin\":{\"port\":" + adminPort + "}")
        + ",\"inbound\":[{\"port\":10001,\"servicePort\":20001,\"tags\":{\"kuma.io/service\":\""
        + service
        + "\",\"kuma.io/protocol\":\"http\"}}]}}";
  }

  /** A builtin gateway dataplane, as JSON. */
  static String gateway(String mesh, String name, String service) {
    return "{\"type\":\"Dataplane\",\"mesh\":\""
        + mesh
        + "\",\"name\":\""
        + name
        + "\",\"networking\":{\"address\":\"127.0.0.1\",\"gateway\":{\"type\":\"BUILTIN\","
        + "\"tags\":{\"kuma.io/service\":\""
        + service
        + "\"}}}}";
  }

  TestProxy connect(Hello hello, String... authorization) {
    return connect(ProxyRequest.newBuilder().setHello(hello).build(), authorization);
  }

  TestProxy connect(ProxyRequest first, String... authorization) {
    TestProxy proxy = TestProxy.connect(port(), caCert(), first, authorization);
    proxies.add(proxy);
    return proxy;
  }

  JsonNode overview(String mesh, String name) {
    HttpResponse<String> response = api.get("/meshes/" + mesh + "/dataplanes+insights/" + name);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  /** The last subscription of a dataplane's insight, or a missing node. */
  JsonNode lastSubscription(String mesh, String name) {
    JsonNode subscriptions = overview(mesh, name).path("dataplaneInsight").path("subscriptions");
    return subscriptions.path(subscriptions.size() - 1);
  }

  int status(String path) {
    return api.get(path).statusCode();
  }

  @Override
  public void close() {
    proxies.forEach(TestProxy::close);
    cp.close();
  }
}
