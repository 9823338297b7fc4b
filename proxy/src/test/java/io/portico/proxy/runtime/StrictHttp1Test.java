package io.portico.proxy.runtime;

import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.httpListener;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.fixture.EchoUpstream;
import io.portico.proxy.fixture.RawHttpClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The strict HTTP/1.1 front end (RFC 9112; docs/proxy-data-plane.md "Strict HTTP/1.1") through a
 * real runtime: each refused request is sent as raw bytes and must be answered 400 (431 for the
 * header count), the connection closed, and no request reach an upstream. Positive controls next to
 * each rule show that the refusals are not vacuous.
 *
 * <p>"Nothing reaches an upstream" is checked with a request sent after the refusal: once it is
 * answered, the upstreams must have completed exactly that one request. A refused request whose
 * head was already on its way upstream (a chunked body found malformed later) must end with the
 * upstream connection closed, never with a request the upstream could act on.
 */
class StrictHttp1Test {
  private static final String CHUNKED_HEAD =
      "POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";

  private static ProxyRuntime runtime;
  private static EchoUpstream any;
  private static EchoUpstream foo;
  private static int port;

  @BeforeAll
  static void start() {
    any = EchoUpstream.http1("any");
    foo = EchoUpstream.http1("foo");
    runtime = ProxyRuntime.builder().eventLoopThreads(1).build();
    ProxyConfig config =
        ProxyConfig.newBuilder()
            .setVersion("v1")
            .addClusters(http1("any", any.port()))
            .addClusters(http1("foo", foo.port()))
            .addListeners(
                httpListener(
                    "http",
                    0,
                    vhost("foo", List.of("foo.example.com"), forward("foo", prefix("/"), "foo")),
                    vhost("any", List.of("*"), forward("any", prefix("/"), "any"))))
            .build();
    assertThat(runtime.apply(config)).isEmpty();
    port = runtime.listenerPort("http").orElseThrow();
  }

  @AfterAll
  static void stop() {
    runtime.close();
    any.close();
    foo.close();
  }

  /**
   * Sends {@code request} raw: the answer is {@code status}, the connection closes, nothing goes
   * up.
   */
  private static void assertRefused(String request, int status) {
    int before = any.requests() + foo.requests();
    try (RawHttpClient client = RawHttpClient.connect(port)) {
      client.send(request);
      assertThat(client.readResponse().status()).as(request).isEqualTo(status);
      assertThat(client.isClosedByServer()).as("closed after %s", request).isTrue();
    }
    // A request after the refusal: once it is answered, anything forwarded before it has arrived.
    assertThat(RawHttpClient.request(port, "h", "/after").status()).isEqualTo(200);
    assertThat(any.requests() + foo.requests()).as("forwarded: %s", request).isEqualTo(before + 1);
  }

  private static JsonNode served(String request) {
    try (RawHttpClient client = RawHttpClient.connect(port)) {
      client.send(request);
      RawHttpClient.Response response = client.readResponse();
      assertThat(response.status()).as(response.body()).isEqualTo(200);
      return EchoUpstream.parse(response.body());
    }
  }

  private static String headers(int count) {
    StringBuilder headers = new StringBuilder();
    for (int i = 0; i < count; i++) {
      headers.append("x-h").append(i).append(": v\r\n");
    }
    return headers.toString();
  }

  // ------------------------------------------------------------------------------------------
  // 1. chunk-size: 1*HEXDIG, then optional extensions (RFC 9112 §7.1, §7.1.1)

  @ParameterizedTest
  @ValueSource(strings = {"0x5", "+5", "-5", " 5", "5 ", "5\t", "5g", "g", "", ";a=b", "5,a"})
  void chunkSizeThatIsNotPureHexIs400AndCloses(String size) {
    assertRefused(CHUNKED_HEAD + size + "\r\nhello\r\n0\r\n\r\n", 400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0x5", "-5", " 5", "5 ", "5g"})
  void chunkSizeThatIsNotPureHexAfterAValidChunkIs400AndCloses(String size) {
    assertRefused(CHUNKED_HEAD + "3\r\nabc\r\n" + size + "\r\nhello\r\n0\r\n\r\n", 400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"5;a=b", "5;a=\"b c\"", "5 ;a=b", "5;a;b=c", "05"})
  void chunkSizeWithExtensionsIsForwarded(String size) {
    JsonNode seen = served(CHUNKED_HEAD + size + "\r\nhello\r\n0\r\n\r\n");
    assertThat(seen.at("/server").asText()).isEqualTo("any");
    assertThat(seen.at("/body").asText()).isEqualTo("hello");
  }

  @Test
  void upperAndLowerCaseHexSizesAreForwarded() {
    JsonNode seen = served(CHUNKED_HEAD + "A\r\n0123456789\r\nb\r\nabcdefghijk\r\n0\r\n\r\n");
    assertThat(seen.at("/body").asText()).isEqualTo("0123456789abcdefghijk");
  }

  // ------------------------------------------------------------------------------------------
  // 2. chunk-size overflow (sizes above 2^31-1, what Netty's decoder holds, included)

  @ParameterizedTest
  @ValueSource(
      strings = {
        "FFFFFFFFFFFFFFFFF",
        "10000000000000000",
        "FFFFFFFFFFFFFFFF",
        "8000000000000000",
        "7FFFFFFFFFFFFFFF",
        "80000000"
      })
  void chunkSizeOverflowIs400AndCloses(String size) {
    assertRefused(CHUNKED_HEAD + size + "\r\nhello\r\n0\r\n\r\n", 400);
  }

  // ------------------------------------------------------------------------------------------
  // 3. chunk-size and trailer lines end in CRLF (RFC 9112 §2.2, §7.1)

  @ParameterizedTest
  @ValueSource(
      strings = {
        "5\nhello\r\n0\r\n\r\n",
        "5;a=b\nhello\r\n0\r\n\r\n",
        "5\r\nhello\r\n0\n\r\n",
        "5\r\nhello\r\n0\r\nx-trailer: 1\n\r\n",
        "5\r\nhello\r\n0\r\nx-trailer: 1\r\n\n",
        "5\r\nhello\r\n0\r\n\n"
      })
  void chunkLineEndingInBareLfIs400AndCloses(String body) {
    assertRefused(CHUNKED_HEAD + body, 400);
  }

  @Test
  void trailerEndingInCrlfIsForwarded() {
    JsonNode seen = served(CHUNKED_HEAD + "5\r\nhello\r\n0\r\nx-trailer: 1\r\n\r\n");
    assertThat(seen.at("/body").asText()).isEqualTo("hello");
  }

  // ------------------------------------------------------------------------------------------
  // 4. chunk data is exactly chunk-size octets, then CRLF

  @ParameterizedTest
  @ValueSource(
      strings = {
        "5\r\nhelloX\r\n0\r\n\r\n",
        "5\r\nhell\r\n0\r\n\r\n",
        "5\r\nhello0\r\n\r\n",
        "5\r\nhello\n0\r\n\r\n",
        "5\r\nhello\r0\r\n\r\n"
      })
  void chunkDataOfAnotherLengthThanItsSizeIs400AndCloses(String body) {
    assertRefused(CHUNKED_HEAD + body, 400);
  }

  // ------------------------------------------------------------------------------------------
  // 5. Host (RFC 9112 §3.2)

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /x HTTP/1.1\r\n\r\n",
        "POST /x HTTP/1.1\r\nContent-Length: 2\r\n\r\nab",
        "GET http://foo.example.com/x HTTP/1.1\r\n\r\n"
      })
  void http11RequestWithoutHostIs400AndCloses(String request) {
    assertRefused(request, 400);
  }

  @Test
  void http10RequestWithoutHostIsServed() {
    JsonNode seen = served("GET /old HTTP/1.0\r\n\r\n");
    assertThat(seen.at("/server").asText()).isEqualTo("any");
    assertThat(seen.at("/uri").asText()).isEqualTo("/old");
  }

  // ------------------------------------------------------------------------------------------
  // 6. HTTP-version is exactly HTTP/1.0 or HTTP/1.1 (RFC 9112 §2.3)

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HTTP/1.2",
        "HTTP/2.0",
        "HTTP/3.0",
        "HTTP/0.9",
        "http/1.1",
        "Http/1.1",
        "HTTP/01.1",
        "HTTP/1.10",
        "HTTP/1",
        "HTTP/1.1 ",
        "HTTP/1.1 x",
        "HTTP/1.1\t",
        "HTTP/ 1.1",
        "HTTPS/1.1"
      })
  void versionOtherThanHttp10OrHttp11Is400AndCloses(String version) {
    assertRefused("GET /x " + version + "\r\nHost: h\r\n\r\n", 400);
  }

  // ------------------------------------------------------------------------------------------
  // 7. header count (Envoy's max_headers_count: 100)

  @Test
  void moreThan100HeaderFieldsIs431AndCloses() {
    assertRefused("GET /x HTTP/1.1\r\nHost: h\r\n" + headers(100) + "\r\n", 431);
  }

  @Test
  void repeatedFieldLinesCountEach() {
    assertRefused("GET /x HTTP/1.1\r\nHost: h\r\n" + "x-same: v\r\n".repeat(100) + "\r\n", 431);
  }

  @Test
  void exactly100HeaderFieldsAreServed() {
    JsonNode seen = served("GET /x HTTP/1.1\r\nHost: h\r\n" + headers(99) + "\r\n");
    assertThat(seen.at("/headers/x-h98").asText()).isEqualTo("v");
  }

  // ------------------------------------------------------------------------------------------
  // 8. absolute-form: the target's authority replaces Host (RFC 9112 §3.2.2)

  @Test
  void absoluteFormAuthorityReplacesHostForRoutingAndUpstream() {
    JsonNode seen = served("GET http://foo.example.com/x?q=1 HTTP/1.1\r\nHost: other\r\n\r\n");
    assertThat(seen.at("/server").asText()).isEqualTo("foo");
    assertThat(seen.at("/uri").asText()).isEqualTo("/x?q=1");
    assertThat(seen.at("/headers/host").asText()).isEqualTo("foo.example.com");
  }

  @Test
  void absoluteFormWithPortAndUpperCaseSchemeKeepsThePortInHost() {
    JsonNode seen = served("GET HTTPS://Foo.Example.com:8443 HTTP/1.1\r\nHost: other\r\n\r\n");
    assertThat(seen.at("/server").asText()).isEqualTo("foo");
    assertThat(seen.at("/uri").asText()).isEqualTo("/");
    assertThat(seen.at("/headers/host").asText()).isEqualTo("Foo.Example.com:8443");
  }

  @Test
  void absoluteFormOfAnotherHostDoesNotReachTheHostHeadersUpstream() {
    JsonNode seen =
        served("GET http://elsewhere.example.org/y HTTP/1.1\r\nHost: foo.example.com\r\n\r\n");
    assertThat(seen.at("/server").asText()).isEqualTo("any");
    assertThat(seen.at("/uri").asText()).isEqualTo("/y");
    assertThat(seen.at("/headers/host").asText()).isEqualTo("elsewhere.example.org");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http:///x",
        "http://user@foo.example.com/x",
        "http://foo.example.com\"/x",
        "ftp://foo.example.com/x",
        "h%74tp://foo.example.com/x"
      })
  void absoluteFormWithoutAUsableAuthorityIs400AndCloses(String target) {
    assertRefused("GET " + target + " HTTP/1.1\r\nHost: foo.example.com\r\n\r\n", 400);
  }

  @Test
  void absoluteFormDoesNotHideASecondHost() {
    assertRefused("GET http://foo.example.com/x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
  }

  // ------------------------------------------------------------------------------------------
  // Whatever follows a refused request on its connection is not served

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /a HTTP/1.1\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: h\r\nHost: i\r\n\r\n",
        "GET /a HTTP/1.2\r\nHost: h\r\n\r\n"
      })
  void requestPipelinedBehindARefusedOneIsNotForwarded(String refused) {
    assertRefused(refused + "GET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n", 400);
  }
}
