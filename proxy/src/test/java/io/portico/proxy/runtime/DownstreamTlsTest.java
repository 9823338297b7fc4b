package io.portico.proxy.runtime;

import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.httpListener;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.serverCertificate;
import static io.portico.proxy.fixture.Configs.vhost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.portico.proxy.api.v1.DirectResponse;
import io.portico.proxy.api.v1.DownstreamTls;
import io.portico.proxy.api.v1.HeaderValue;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.Route;
import io.portico.proxy.api.v1.VirtualHost;
import io.portico.proxy.fixture.EchoUpstream;
import io.portico.proxy.fixture.Http2TestClient;
import io.portico.proxy.fixture.RawHttpClient;
import io.portico.proxy.fixture.TlsClient;
import io.portico.testing.pki.IssuedCertificate;
import io.portico.testing.pki.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * HTTPS listeners (spec gateway.md §2.7): one chain per host chosen by SNI, the default chain
 * without SNI, TLS 1.2+ only, ALPN h2 and http/1.1, the virtual host chosen by Host independently
 * of SNI, and HTTP/2 downstream (by ALPN or prior knowledge). Runs on OpenSSL when available;
 * {@link DownstreamTlsOnJdkTest} runs the same on the JDK provider.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DownstreamTlsTest {
  private static final TestPki PKI = TestPki.create();
  private static final IssuedCertificate EXACT =
      PKI.issueServer(List.of("a.example.com"), List.of());
  private static final IssuedCertificate WILDCARD =
      PKI.issueServer(List.of("*.example.com"), List.of());
  private static final IssuedCertificate LONGER_WILDCARD =
      PKI.issueServer(List.of("*.b.example.com"), List.of());
  private static final IssuedCertificate DEFAULT =
      PKI.issueServer(List.of("default.example.com"), List.of("127.0.0.1"));

  private ProxyRuntime runtime;
  private EchoUpstream upstream;
  private int https;
  private int strict;
  private int plain;

  /** Whether the runtime may use OpenSSL. */
  boolean preferOpenSsl() {
    return true;
  }

  @BeforeAll
  void start() {
    upstream = EchoUpstream.http1("web");
    runtime = ProxyRuntime.builder().eventLoopThreads(2).preferOpenSsl(preferOpenSsl()).build();
    VirtualHost onlyA =
        VirtualHost.newBuilder()
            .setName("a")
            .addDomains("a.example.com")
            .addRoutes(
                Route.newBuilder()
                    .setName("direct")
                    .setMatch(prefix("/"))
                    .setDirectResponse(
                        DirectResponse.newBuilder().setStatus(200).setBody("vhost a")))
            .addResponseHeaders(
                HeaderValue.newBuilder()
                    .setName("strict-transport-security")
                    .setValue("max-age=31536000; includeSubDomains"))
            .build();
    VirtualHost any = vhost("any", List.of("*"), forward("r", prefix("/"), "web"));
    Listener.Builder httpsListener =
        httpListener("https", 0, onlyA, any).toBuilder()
            .setHttp(httpListener("https", 0, onlyA, any).getHttp().toBuilder().setEdge(true))
            .setTls(
                DownstreamTls.newBuilder()
                    .addCertificates(serverCertificate(EXACT, "a.example.com"))
                    .addCertificates(serverCertificate(WILDCARD, "*.example.com"))
                    .addCertificates(serverCertificate(LONGER_WILDCARD, "*.b.example.com"))
                    .addCertificates(serverCertificate(DEFAULT))
                    .addAlpn("h2")
                    .addAlpn("http/1.1"));
    Listener.Builder strictListener =
        httpListener("strict", 0, any).toBuilder()
            .setTls(
                DownstreamTls.newBuilder()
                    .addCertificates(serverCertificate(EXACT, "a.example.com")));
    ProxyConfig config =
        ProxyConfig.newBuilder()
            .setVersion("v1")
            .addClusters(http1("web", upstream.port()))
            .addListeners(httpsListener)
            .addListeners(strictListener)
            .addListeners(httpListener("plain", 0, any))
            .build();
    assertThat(runtime.apply(config)).isEmpty();
    https = runtime.listenerPort("https").orElseThrow();
    strict = runtime.listenerPort("strict").orElseThrow();
    plain = runtime.listenerPort("plain").orElseThrow();
  }

  @AfterAll
  void stop() {
    runtime.close();
    upstream.close();
  }

  @Test
  void providerIsOpenSslWhenAvailableAndPreferred() {
    assertThat(runtime.isOpenSsl())
        .isEqualTo(preferOpenSsl() && io.netty.handler.ssl.OpenSsl.isAvailable());
  }

  private IssuedCertificate served(String sni) throws IOException {
    try (SSLSocket socket = TlsClient.to(https).sni(sni).handshake()) {
      java.math.BigInteger serial = TlsClient.peerSerial(socket);
      for (IssuedCertificate certificate : List.of(EXACT, WILDCARD, LONGER_WILDCARD, DEFAULT)) {
        if (certificate.certificate().getSerialNumber().equals(serial)) {
          return certificate;
        }
      }
      throw new AssertionError("unknown certificate served: " + serial);
    }
  }

  @Test
  void exactServerNameBeatsWildcards() throws IOException {
    assertThat(served("a.example.com")).isSameAs(EXACT);
  }

  @Test
  void longestWildcardWins() throws IOException {
    assertThat(served("x.b.example.com")).isSameAs(LONGER_WILDCARD);
    assertThat(served("x.y.b.example.com")).isSameAs(LONGER_WILDCARD);
    assertThat(served("z.example.com")).isSameAs(WILDCARD);
  }

  @Test
  void serverNameMatchesCaseInsensitively() throws IOException {
    assertThat(served("A.Example.COM")).isSameAs(EXACT);
  }

  @Test
  void unknownServerNameGetsTheDefaultChain() throws IOException {
    assertThat(served("other.org")).isSameAs(DEFAULT);
  }

  @Test
  void noServerNameGetsTheDefaultChain() throws IOException {
    assertThat(served(null)).isSameAs(DEFAULT);
  }

  @Test
  void unknownServerNameWithoutDefaultFailsTheHandshake() {
    assertThatThrownBy(() -> TlsClient.to(strict).sni("other.org").handshake().close())
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> TlsClient.to(strict).handshake().close())
        .isInstanceOf(IOException.class);
  }

  @Test
  void plaintextOnATlsPortIsClosed() {
    try (RawHttpClient client = RawHttpClient.connect(https)) {
      client.send("GET / HTTP/1.1\r\nHost: a.example.com\r\n\r\n");
      assertThat(client.isClosedByServer()).isTrue();
    }
  }

  @Test
  void tls12AndTls13AreAcceptedWithAeadCiphers() throws IOException {
    for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
      try (SSLSocket socket = TlsClient.to(https).protocols(protocol).handshake()) {
        assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
        assertThat(socket.getSession().getCipherSuite()).containsAnyOf("GCM", "CHACHA20");
      }
    }
  }

  @Test
  void tls11IsRefused() throws IOException {
    assertThat(firstByteAnsweredTo(clientHello(0x0302))).isNotEqualTo(0x16);
  }

  @Test
  void tls12ClientHelloOfTheSameShapeIsAnswered() throws IOException {
    // The control for tls11IsRefused: the same hand-made hello in TLS 1.2 gets a ServerHello.
    assertThat(firstByteAnsweredTo(clientHello(0x0303))).isEqualTo(0x16);
  }

  @Test
  void cbcOnlyClientIsRefused() throws IOException {
    assertThat(firstByteAnsweredTo(clientHello(0x0303, 0xc013, 0xc009, 0x002f))).isNotEqualTo(0x16);
  }

  @Test
  void alpnH2ServesHttp2ThroughToTheUpstream() {
    try (Http2TestClient client = Http2TestClient.tls(https, "a.example.com", "h2", "http/1.1")) {
      assertThat(client.applicationProtocol()).isEqualTo("h2");
      FullHttpResponse response = client.post("api.example.com", "/h2?x=1", "hello");
      assertThat(response.status().code()).isEqualTo(200);
      JsonNode echo = EchoUpstream.parse(response.content().toString(StandardCharsets.UTF_8));
      assertThat(echo.at("/uri").asText()).isEqualTo("/h2?x=1");
      assertThat(echo.at("/body").asText()).isEqualTo("hello");
      assertThat(echo.at("/headers/host").asText()).isEqualTo("api.example.com");
      assertThat(echo.at("/headers/x-forwarded-proto").asText()).isEqualTo("https");
      assertThat(echo.at("/headers").has("x-http2-stream-id")).isFalse();
      // Several streams on the one connection.
      for (int i = 0; i < 5; i++) {
        assertThat(client.get("api.example.com", "/again/" + i).status().code()).isEqualTo(200);
      }
    }
  }

  @Test
  void alpnHttp11ServesHttp1() throws IOException {
    try (SSLSocket socket = TlsClient.to(https).sni("a.example.com").alpn("http/1.1").handshake();
        RawHttpClient client = RawHttpClient.over(socket)) {
      assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
      RawHttpClient.Response response = client.get("api.example.com", "/one");
      assertThat(response.status()).isEqualTo(200);
      assertThat(EchoUpstream.parse(response.body()).at("/headers/x-forwarded-proto").asText())
          .isEqualTo("https");
      // keep-alive
      assertThat(client.get("api.example.com", "/two").status()).isEqualTo(200);
    }
  }

  @Test
  void virtualHostIsChosenByHostIndependentlyOfSni() throws IOException {
    try (RawHttpClient client = TlsClient.to(https).sni("a.example.com").http()) {
      RawHttpClient.Response response = client.get("other.example.com", "/");
      assertThat(EchoUpstream.parse(response.body()).at("/server").asText()).isEqualTo("web");
    }
    try (RawHttpClient client = TlsClient.to(https).sni("z.example.com").http()) {
      RawHttpClient.Response response = client.get("a.example.com", "/");
      assertThat(response.body()).isEqualTo("vhost a");
      assertThat(response.header("strict-transport-security"))
          .isEqualTo("max-age=31536000; includeSubDomains");
    }
  }

  @Test
  void http2PriorKnowledgeIsAcceptedInPlaintext() {
    try (Http2TestClient client = Http2TestClient.plaintext(plain)) {
      FullHttpResponse response = client.get("h", "/h2c");
      assertThat(response.status().code()).isEqualTo(200);
      assertThat(
              EchoUpstream.parse(response.content().toString(StandardCharsets.UTF_8))
                  .at("/uri")
                  .asText())
          .isEqualTo("/h2c");
    }
  }

  @Test
  void http2PriorKnowledgeIsAcceptedInTlsWithoutAlpn() {
    try (Http2TestClient client = Http2TestClient.tls(https, "a.example.com")) {
      assertThat(client.applicationProtocol()).isNull();
      assertThat(client.get("api.example.com", "/pk").status().code()).isEqualTo(200);
    }
  }

  @Test
  void http1StillWorksInPlaintext() {
    assertThat(RawHttpClient.request(plain, "h", "/").status()).isEqualTo(200);
  }

  // ------------------------------------------------------------------------------------------
  // A hand-made ClientHello, to offer versions the JDK client no longer offers.

  private int firstByteAnsweredTo(byte[] hello) throws IOException {
    try (Socket socket = TlsClient.plain(https)) {
      socket.getOutputStream().write(hello);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      try {
        return in.read();
      } catch (IOException e) {
        return -1;
      }
    }
  }

  /** A ClientHello of {@code version} offering ECDHE suites (GCM by default), P-256, no SNI. */
  private static byte[] clientHello(int version, int... suites) {
    if (suites.length == 0) {
      suites = new int[] {0xc02b, 0xc02f, 0xc013, 0xc009};
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(version >> 8);
    body.write(version);
    for (int i = 0; i < 32; i++) {
      body.write(i);
    }
    body.write(0); // session id
    body.write((suites.length * 2) >> 8);
    body.write(suites.length * 2);
    for (int suite : suites) {
      body.write(suite >> 8);
      body.write(suite);
    }
    body.write(1); // compression methods
    body.write(0);
    byte[] extensions = {
      0x00,
      0x0a,
      0x00,
      0x04,
      0x00,
      0x02,
      0x00,
      0x17, // supported_groups: secp256r1
      0x00,
      0x0b,
      0x00,
      0x02,
      0x01,
      0x00, // ec_point_formats: uncompressed
      0x00,
      0x0d,
      0x00,
      0x06,
      0x00,
      0x04,
      0x04,
      0x03,
      0x08,
      0x04 // signature_algorithms
    };
    body.write(extensions.length >> 8);
    body.write(extensions.length);
    body.writeBytes(extensions);
    byte[] hello = body.toByteArray();
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    record.write(0x16);
    record.write(0x03);
    record.write(0x01);
    int handshakeLength = hello.length + 4;
    record.write(handshakeLength >> 8);
    record.write(handshakeLength);
    record.write(0x01); // ClientHello
    record.write(0);
    record.write(hello.length >> 8);
    record.write(hello.length);
    record.writeBytes(hello);
    return record.toByteArray();
  }
}
