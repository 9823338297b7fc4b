package io.portico.proxy.runtime;

import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.httpListener;
import static io.portico.proxy.fixture.Configs.identity;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.proxy.api.v1.Authorization;
import io.portico.proxy.api.v1.AuthorizationRule;
import io.portico.proxy.api.v1.DownstreamTls;
import io.portico.proxy.api.v1.Principal;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.fixture.EchoUpstream;
import io.portico.proxy.fixture.RawHttpClient;
import io.portico.proxy.fixture.TlsClient;
import io.portico.testing.pki.IssuedCertificate;
import io.portico.testing.pki.TestPki;
import java.io.IOException;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TrafficPermission changes apply live (spec core.md §3.4): connections admitted under rules that
 * no longer allow them are closed, not only new ones refused.
 */
class LiveAuthorizationTest {
  private static final TestPki MESH = TestPki.create();
  private static final IssuedCertificate IDENTITY =
      MutualTlsTest.meshCertificate(MESH, "spiffe://default/backend");
  private static final IssuedCertificate WEB =
      MutualTlsTest.meshCertificate(MESH, "spiffe://default/web");

  private ProxyRuntime runtime;
  private EchoUpstream upstream;

  @BeforeEach
  void start() {
    upstream = EchoUpstream.http1("backend");
    runtime = ProxyRuntime.builder().eventLoopThreads(1).build();
    assertThat(runtime.apply(config("v1", "spiffe://default/web"))).isEmpty();
  }

  @AfterEach
  void stop() {
    runtime.close();
    upstream.close();
  }

  private ProxyConfig config(String version, String... allowedUris) {
    Authorization.Builder authorization = Authorization.newBuilder();
    for (String uri : allowedUris) {
      authorization.addRules(
          AuthorizationRule.newBuilder()
              .setName("tp-" + uri)
              .setPrincipal(Principal.newBuilder().addRequiredUris(uri)));
    }
    return ProxyConfig.newBuilder()
        .setVersion(version)
        .setIdentity(identity(IDENTITY, MESH.caCertificatePem()))
        .addClusters(http1("backend", upstream.port()))
        .addListeners(
            httpListener(
                    "inbound", 0, vhost("all", List.of("*"), forward("r", prefix("/"), "backend")))
                .toBuilder()
                .setTls(
                    DownstreamTls.newBuilder()
                        .setUseIdentity(true)
                        .setRequireClientCertificate(true)
                        .addClientUriPrefixes("spiffe://default/"))
                .setAuthorization(authorization))
        .build();
  }

  @Test
  void aConnectionThatTheNewRulesDenyIsClosed() throws IOException {
    int port = runtime.listenerPort("inbound").orElseThrow();
    try (SSLSocket socket = TlsClient.to(port).clientCertificate(WEB).handshake();
        RawHttpClient http = RawHttpClient.over(socket)) {
      assertThat(http.get("backend", "/").status()).isEqualTo(200);

      assertThat(runtime.apply(config("v2", "spiffe://default/someone-else"))).isEmpty();

      Awaitility.await()
          .untilAsserted(() -> assertThat(socket.getInputStream().read()).isEqualTo(-1));
    }
    assertThat(TlsClient.to(port).clientCertificate(WEB).isRefused()).isTrue();
  }

  @Test
  void aConnectionTheNewRulesStillAllowStaysOpen() throws IOException {
    int port = runtime.listenerPort("inbound").orElseThrow();
    try (SSLSocket socket = TlsClient.to(port).clientCertificate(WEB).handshake();
        RawHttpClient http = RawHttpClient.over(socket)) {
      assertThat(http.get("backend", "/").status()).isEqualTo(200);
      assertThat(runtime.apply(config("v2", "spiffe://default/other", "spiffe://default/web")))
          .isEmpty();
      assertThat(http.get("backend", "/again").status()).isEqualTo(200);
    }
  }
}
