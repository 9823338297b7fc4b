package io.portico.proxy.runtime;

import static io.portico.proxy.fixture.Configs.cluster;
import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.httpListener;
import static io.portico.proxy.fixture.Configs.identity;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.proxy.api.v1.Authorization;
import io.portico.proxy.api.v1.AuthorizationRule;
import io.portico.proxy.api.v1.DownstreamTls;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.Principal;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.TcpListener;
import io.portico.proxy.api.v1.UpstreamProtocol;
import io.portico.proxy.api.v1.VirtualHost;
import io.portico.proxy.api.v1.WeightedCluster;
import io.portico.proxy.fixture.EchoUpstream;
import io.portico.proxy.fixture.RawHttpClient;
import io.portico.proxy.fixture.TlsClient;
import io.portico.testing.echo.TcpEchoServer;
import io.portico.testing.pki.CertificateRequest;
import io.portico.testing.pki.IssuedCertificate;
import io.portico.testing.pki.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Mutual TLS on inbound listeners (spec core.md §1.2, server side): client certificates must chain
 * to the mesh CA and carry a URI with the mesh's prefix; TrafficPermission rules (§3.4) decide who
 * gets in; PERMISSIVE accepts plaintext too. {@link MutualTlsOnJdkTest} runs the same on the JDK
 * provider.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutualTlsTest {
  private static final TestPki MESH = TestPki.create();
  private static final TestPki FOREIGN = TestPki.create();
  private static final IssuedCertificate IDENTITY =
      meshCertificate(MESH, "spiffe://default/backend");
  private static final IssuedCertificate WEB = meshCertificate(MESH, "spiffe://default/web");
  private static final IssuedCertificate EVIL = meshCertificate(MESH, "spiffe://default/evil");
  private static final IssuedCertificate SHADOW = meshCertificate(MESH, "spiffe://default/shadow");
  private static final IssuedCertificate STRANGER = meshCertificate(MESH, "spiffe://default/x");
  private static final IssuedCertificate OTHER_MESH = meshCertificate(MESH, "spiffe://other/web");
  private static final IssuedCertificate FOREIGN_WEB =
      meshCertificate(FOREIGN, "spiffe://default/web");

  private ProxyRuntime runtime;
  private EchoUpstream upstream;
  private TcpEchoServer tcpEcho;

  /** Whether the runtime may use OpenSSL. */
  boolean preferOpenSsl() {
    return true;
  }

  /** A dataplane certificate (spec core.md §1.2): URI SANs, server and client auth. */
  static IssuedCertificate meshCertificate(TestPki pki, String... uris) {
    return pki.issue(
        new CertificateRequest(
            "",
            List.of(),
            List.of(),
            List.of(uris),
            true,
            true,
            Duration.ofHours(-1),
            CertificateRequest.DEFAULT_VALIDITY));
  }

  private static DownstreamTls.Builder meshTls() {
    return DownstreamTls.newBuilder()
        .setUseIdentity(true)
        .setRequireClientCertificate(true)
        .addClientUriPrefixes("spiffe://default/");
  }

  private static AuthorizationRule.Builder rule(
      String name, String uri, AuthorizationRule.Action action) {
    return AuthorizationRule.newBuilder()
        .setName(name)
        .setPrincipal(Principal.newBuilder().addRequiredUris(uri))
        .setAction(action);
  }

  @BeforeAll
  void start() {
    upstream = EchoUpstream.http1("backend");
    tcpEcho = TcpEchoServer.start();
    runtime =
        ProxyRuntime.builder()
            .eventLoopThreads(2)
            .preferOpenSsl(preferOpenSsl())
            .adminAddress("127.0.0.1", 0)
            .build();
    VirtualHost all = vhost("all", List.of("*"), forward("r", prefix("/"), "backend"));
    ProxyConfig config =
        ProxyConfig.newBuilder()
            .setVersion("v1")
            .setIdentity(identity(IDENTITY, MESH.caCertificatePem()))
            .addClusters(http1("backend", upstream.port()))
            .addClusters(cluster("echo", UpstreamProtocol.TCP, tcpEcho.port()))
            .addListeners(httpListener("inbound", 0, all).toBuilder().setTls(meshTls()))
            .addListeners(
                httpListener("authorized", 0, all).toBuilder()
                    .setTls(meshTls())
                    .setAuthorization(
                        Authorization.newBuilder()
                            .addRules(
                                rule(
                                    "tp-web",
                                    "spiffe://default/web",
                                    AuthorizationRule.Action.ALLOW))
                            .addRules(
                                rule(
                                    "tp-evil",
                                    "spiffe://default/evil",
                                    AuthorizationRule.Action.DENY))
                            .addRules(
                                rule(
                                    "mtp-shadow",
                                    "spiffe://default/shadow",
                                    AuthorizationRule.Action.ALLOW_WITH_SHADOW_DENY))))
            .addListeners(
                // crossMesh (spec gateway.md §5.2): the identity, a client certificate from any
                // mesh's CA, no URI check.
                httpListener("cross-mesh", 0, all).toBuilder()
                    .setTls(
                        DownstreamTls.newBuilder()
                            .setUseIdentity(true)
                            .setRequireClientCertificate(true)
                            .addClientCaPem(FOREIGN.caCertificatePem())
                            .addAlpn("kuma")
                            .addAlpn("http/1.1")))
            .addListeners(
                httpListener("permissive", 0, all).toBuilder()
                    .setTls(meshTls().setPermissive(true)))
            .addListeners(
                Listener.newBuilder()
                    .setName("tcp")
                    .setAddress("127.0.0.1")
                    .setPort(0)
                    .setTcp(
                        TcpListener.newBuilder()
                            .addClusters(WeightedCluster.newBuilder().setCluster("echo")))
                    .setTls(meshTls()))
            .build();
    assertThat(runtime.apply(config)).isEmpty();
  }

  @AfterAll
  void stop() {
    runtime.close();
    upstream.close();
    tcpEcho.close();
  }

  private int port(String listener) {
    return runtime.listenerPort(listener).orElseThrow();
  }

  private RawHttpClient.Response get(String listener, IssuedCertificate client) {
    try (RawHttpClient http = TlsClient.to(port(listener)).clientCertificate(client).http()) {
      return http.get("backend", "/");
    }
  }

  private JsonNode listenerStats(String listener) {
    int admin = runtime.adminAddress().orElseThrow().getPort();
    JsonNode listeners =
        EchoUpstream.parse(RawHttpClient.request(admin, "admin", "/listeners").body())
            .at("/listeners");
    for (JsonNode node : listeners) {
      if (node.at("/name").asText().equals(listener)) {
        return node.at("/stats");
      }
    }
    throw new AssertionError("no listener " + listener + " in " + listeners);
  }

  @Test
  void meshClientWithTheRightPrefixIsAccepted() throws IOException {
    try (SSLSocket socket = TlsClient.to(port("inbound")).clientCertificate(WEB).handshake();
        RawHttpClient http = RawHttpClient.over(socket)) {
      assertThat(TlsClient.peerSerial(socket)).isEqualTo(IDENTITY.certificate().getSerialNumber());
      assertThat(http.get("backend", "/").status()).isEqualTo(200);
    }
  }

  @Test
  void clientWithoutCertificateIsRefused() {
    assertThat(TlsClient.to(port("inbound")).isRefused()).isTrue();
  }

  @Test
  void clientOfAForeignCaIsRefused() {
    assertThat(TlsClient.to(port("inbound")).clientCertificate(FOREIGN_WEB).isRefused()).isTrue();
  }

  @Test
  void clientWithoutTheUriPrefixIsRefused() {
    assertThat(TlsClient.to(port("inbound")).clientCertificate(OTHER_MESH).isRefused()).isTrue();
    Awaitility.await()
        .untilAsserted(
            () ->
                assertThat(listenerStats("inbound").at("/ssl_handshake_error").asLong())
                    .isPositive());
  }

  @Test
  void authorizationAllowsTheListedService() {
    assertThat(get("authorized", WEB).status()).isEqualTo(200);
  }

  @Test
  void authorizationDeniesByRuleAndByDefault() {
    long before = listenerStats("authorized").at("/rbac_denied").asLong();
    assertThat(TlsClient.to(port("authorized")).clientCertificate(EVIL).isRefused()).isTrue();
    assertThat(TlsClient.to(port("authorized")).clientCertificate(STRANGER).isRefused()).isTrue();
    Awaitility.await()
        .untilAsserted(
            () ->
                assertThat(listenerStats("authorized").at("/rbac_denied").asLong())
                    .isEqualTo(before + 2));
  }

  @Test
  void shadowDenyIsAllowedAndCounted() {
    long before = listenerStats("authorized").at("/rbac_shadow_denied").asLong();
    assertThat(get("authorized", SHADOW).status()).isEqualTo(200);
    assertThat(listenerStats("authorized").at("/rbac_shadow_denied").asLong())
        .isEqualTo(before + 1);
  }

  @Test
  void crossMeshListenerAcceptsClientsOfEveryMeshWithoutUriCheck() {
    assertThat(get("cross-mesh", FOREIGN_WEB).status()).isEqualTo(200);
    assertThat(get("cross-mesh", OTHER_MESH).status()).isEqualTo(200);
    assertThat(TlsClient.to(port("cross-mesh")).isRefused()).isTrue();
    assertThat(
            TlsClient.to(port("cross-mesh"))
                .clientCertificate(FOREIGN_WEB)
                .alpn("kuma")
                .isRefused())
        .isFalse();
  }

  @Test
  void permissiveListenerAcceptsPlaintext() {
    assertThat(RawHttpClient.request(port("permissive"), "backend", "/plain").status())
        .isEqualTo(200);
  }

  @Test
  void permissiveListenerAcceptsMutualTls() {
    assertThat(get("permissive", WEB).status()).isEqualTo(200);
  }

  @Test
  void permissiveListenerStillChecksClientCertificatesOverTls() {
    assertThat(TlsClient.to(port("permissive")).clientCertificate(FOREIGN_WEB).isRefused())
        .isTrue();
  }

  @Test
  void tcpListenerTerminatesMutualTls() throws IOException {
    try (SSLSocket socket = TlsClient.to(port("tcp")).clientCertificate(WEB).handshake()) {
      socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("ping\n");
    }
    assertThat(TlsClient.to(port("tcp")).isRefused()).isTrue();
  }

  @Test
  void listenersEndpointShowsTlsSettings() {
    int admin = runtime.adminAddress().orElseThrow().getPort();
    JsonNode json = EchoUpstream.parse(RawHttpClient.request(admin, "admin", "/listeners").body());
    assertThat(json.at("/version").asText()).isEqualTo("v1");
    JsonNode permissive = null;
    for (JsonNode node : json.at("/listeners")) {
      if (node.at("/name").asText().equals("permissive")) {
        permissive = node;
      }
    }
    assertThat(permissive).isNotNull();
    assertThat(permissive.at("/tls/permissive").asBoolean()).isTrue();
    assertThat(permissive.at("/tls/client_certificate_required").asBoolean()).isTrue();
  }
}
