package io.portico.proxy.runtime;

import static io.portico.proxy.fixture.Configs.cluster;
import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.httpListener;
import static io.portico.proxy.fixture.Configs.identity;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.vhost;
import static io.portico.proxy.runtime.MutualTlsTest.meshCertificate;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import io.portico.proxy.api.v1.DownstreamTls;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.UpstreamProtocol;
import io.portico.proxy.api.v1.UpstreamTls;
import io.portico.proxy.fixture.EchoUpstream;
import io.portico.proxy.fixture.RawHttpClient;
import io.portico.proxy.fixture.TlsClient;
import io.portico.testing.pki.IssuedCertificate;
import io.portico.testing.pki.TestPki;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Identity rotation (DESIGN.md, Security): a config whose only change is a new identity keeps every
 * socket and connection; new handshakes get the new certificate, the upstream sees the new client
 * certificate on new connections, and nothing fails.
 */
class IdentityRotationTest {
  private static final TestPki MESH = TestPki.create();
  private static final IssuedCertificate WEB = meshCertificate(MESH, "spiffe://default/web");

  private EchoUpstream backend;
  private ProxyRuntime runtime;

  @BeforeEach
  void start() {
    backend =
        EchoUpstream.tls(
            "backend",
            false,
            meshCertificate(MESH, "spiffe://default/backend"),
            MESH.caCertificate());
    runtime = ProxyRuntime.builder().eventLoopThreads(2).build();
  }

  @AfterEach
  void stop() {
    runtime.close();
    backend.close();
  }

  private ProxyConfig config(String version, IssuedCertificate identity, String... extraCas) {
    List<String> cas = new ArrayList<>(List.of(MESH.caCertificatePem()));
    cas.addAll(List.of(extraCas));
    return ProxyConfig.newBuilder()
        .setVersion(version)
        .setIdentity(identity(identity, cas.toArray(String[]::new)))
        .addClusters(
            cluster("backend", UpstreamProtocol.HTTP1, backend.port()).toBuilder()
                .setIdleTimeout(Duration.newBuilder().setNanos(300_000_000))
                .setTls(
                    UpstreamTls.newBuilder()
                        .setPresentIdentity(true)
                        .addExpectedUris("spiffe://default/backend")))
        .addListeners(
            httpListener(
                    "inbound", 0, vhost("all", List.of("*"), forward("r", prefix("/"), "backend")))
                .toBuilder()
                .setTls(
                    DownstreamTls.newBuilder()
                        .setUseIdentity(true)
                        .setRequireClientCertificate(true)
                        .addClientUriPrefixes("spiffe://default/")))
        .build();
  }

  private BigInteger servedSerial(int port) throws IOException {
    try (SSLSocket socket = TlsClient.to(port).clientCertificate(WEB).handshake()) {
      return TlsClient.peerSerial(socket);
    }
  }

  private String upstreamClientSerial(int port) {
    try (RawHttpClient client = TlsClient.to(port).clientCertificate(WEB).http()) {
      return EchoUpstream.parse(client.get("backend", "/serial").body())
          .at("/client_serial")
          .asText();
    }
  }

  private static String hex(IssuedCertificate certificate) {
    return certificate.certificate().getSerialNumber().toString(16);
  }

  @Test
  void newIdentityUnderLoadFailsNoRequestAndKeepsConnections() throws Exception {
    IssuedCertificate first = meshCertificate(MESH, "spiffe://default/backend-gw");
    assertThat(runtime.apply(config("v0", first))).isEmpty();
    int port = runtime.listenerPort("inbound").orElseThrow();
    assertThat(servedSerial(port)).isEqualTo(first.certificate().getSerialNumber());

    AtomicInteger served = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    Set<BigInteger> keepAliveSerials = ConcurrentHashMap.newKeySet();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      done.add(
          clients.submit(
              () -> {
                // One keep-alive connection for every request of this client.
                try (SSLSocket socket = TlsClient.to(port).clientCertificate(WEB).handshake();
                    RawHttpClient client = RawHttpClient.over(socket)) {
                  keepAliveSerials.add(TlsClient.peerSerial(socket));
                  for (int i = 0; i < 60; i++) {
                    count(client.get("backend", "/keep-alive/" + i), served, failures);
                  }
                } catch (IOException | RuntimeException e) {
                  failures.incrementAndGet();
                }
              }));
    }
    done.add(
        clients.submit(
            () -> {
              // A new connection (and handshake) for every request.
              for (int i = 0; i < 30; i++) {
                try (RawHttpClient client = TlsClient.to(port).clientCertificate(WEB).http()) {
                  count(client.get("backend", "/new/" + i), served, failures);
                } catch (RuntimeException e) {
                  failures.incrementAndGet();
                }
              }
            }));

    IssuedCertificate current = first;
    for (int rotation = 1; rotation <= 3; rotation++) {
      int progress = rotation * 40;
      Awaitility.await().until(() -> served.get() >= progress || failures.get() > 0);
      IssuedCertificate next = meshCertificate(MESH, "spiffe://default/backend-gw");
      assertThat(runtime.apply(config("v" + rotation, next))).isEmpty();
      assertThat(servedSerial(port)).isEqualTo(next.certificate().getSerialNumber());
      assertThat(upstreamClientSerial(port)).isEqualTo(hex(next));
      current = next;
    }
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    clients.shutdown();

    assertThat(failures.get()).isZero();
    assertThat(served.get()).isEqualTo(3 * 60 + 30);
    // The keep-alive connections were never re-established: they all kept the first certificate.
    assertThat(keepAliveSerials).containsExactly(first.certificate().getSerialNumber());
    // Same socket: a rebind of port 0 would have given another port.
    assertThat(runtime.listenerPort("inbound")).hasValue(port);
    assertThat(servedSerial(port)).isEqualTo(current.certificate().getSerialNumber());
  }

  private static void count(
      RawHttpClient.Response response, AtomicInteger served, AtomicInteger failures) {
    if (response.status() == 200) {
      served.incrementAndGet();
    } else {
      failures.incrementAndGet();
    }
  }

  @Test
  void keepAliveConnectionKeepsItsHandshakeAcrossARotation() throws IOException {
    IssuedCertificate first = meshCertificate(MESH, "spiffe://default/backend-gw");
    assertThat(runtime.apply(config("v1", first))).isEmpty();
    int port = runtime.listenerPort("inbound").orElseThrow();
    try (SSLSocket socket = TlsClient.to(port).clientCertificate(WEB).handshake();
        RawHttpClient client = RawHttpClient.over(socket)) {
      assertThat(client.get("backend", "/before").status()).isEqualTo(200);
      IssuedCertificate second = meshCertificate(MESH, "spiffe://default/backend-gw");
      assertThat(runtime.apply(config("v2", second))).isEmpty();
      RawHttpClient.Response after = client.get("backend", "/after");
      assertThat(after.status()).isEqualTo(200);
      // Same downstream connection, but its request went out on a connection with the new identity.
      assertThat(TlsClient.peerSerial(socket)).isEqualTo(first.certificate().getSerialNumber());
      assertThat(EchoUpstream.parse(after.body()).at("/client_serial").asText())
          .isEqualTo(hex(second));
    }
  }

  @Test
  void newTrustedCaIsUsedByNewHandshakes() throws IOException {
    TestPki other = TestPki.create();
    IssuedCertificate otherWeb = meshCertificate(other, "spiffe://default/web");
    IssuedCertificate identity = meshCertificate(MESH, "spiffe://default/backend-gw");
    assertThat(runtime.apply(config("v1", identity))).isEmpty();
    int port = runtime.listenerPort("inbound").orElseThrow();
    assertThat(TlsClient.to(port).clientCertificate(otherWeb).isRefused()).isTrue();
    assertThat(runtime.apply(config("v2", identity, other.caCertificatePem()))).isEmpty();
    try (RawHttpClient client = TlsClient.to(port).clientCertificate(otherWeb).http()) {
      assertThat(client.get("backend", "/").status()).isEqualTo(200);
    }
    assertThat(runtime.listenerPort("inbound")).hasValue(port);
  }

  @Test
  void poolsOfARotatedIdentityGoAwayOnceTheirConnectionsIdledOut() throws IOException {
    assertThat(runtime.apply(config("v1", meshCertificate(MESH, "spiffe://a/gw")))).isEmpty();
    int port = runtime.listenerPort("inbound").orElseThrow();
    upstreamClientSerial(port);
    assertThat(runtime.apply(config("v2", meshCertificate(MESH, "spiffe://a/gw")))).isEmpty();
    upstreamClientSerial(port);
    assertThat(runtime.upstreamPools().poolCount()).isBetween(1, 2);
    // The cluster's idle timeout (300 ms) closes both connections; their pools go with them.
    Awaitility.await().until(() -> runtime.upstreamPools().poolCount() == 0);
    assertThat(upstreamClientSerial(port)).isNotEmpty();
  }
}
