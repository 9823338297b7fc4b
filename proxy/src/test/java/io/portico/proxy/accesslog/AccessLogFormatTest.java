package io.portico.proxy.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The access log format: Envoy's operators and Kuma's, compiled once (spec core.md §1.3). */
class AccessLogFormatTest {
  private static final AccessLogFormat.KumaValues KUMA =
      new AccessLogFormat.KumaValues("default", "web", "backend", "10.0.0.1:0", "OUTBOUND");

  private static AccessLogEntry httpEntry() {
    AccessLogEntry e = new AccessLogEntry();
    e.isHttp = true;
    e.startEpochMillis = 1_700_000_000_123L;
    e.method = "GET";
    e.path = "/a?b=c";
    e.protocol = "HTTP/1.1";
    HttpHeaders request = new DefaultHttpHeaders();
    request.set("Host", "shop.example");
    request.set("User-Agent", "curl/8.0");
    e.requestHeaders = request;
    HttpHeaders response = new DefaultHttpHeaders();
    response.set("Content-Type", "text/plain");
    e.responseHeaders = response;
    e.responseCode = 201;
    e.bytesReceived = 3;
    e.bytesSent = 42;
    e.durationMillis = 7;
    e.upstreamHost = "10.0.0.2:8080";
    e.upstreamCluster = "backend-1";
    e.downstreamRemote = new InetSocketAddress("127.0.0.1", 5555);
    return e;
  }

  private static String render(String format, AccessLogEntry entry) {
    return AccessLogFormat.compile(format, KUMA).format(entry);
  }

  @Test
  void operatorsRenderTheirValuesAndALineEndsWithOneNewline() {
    assertThat(
            render(
                "%START_TIME% %REQ(:METHOD)% %REQ(:PATH)% %PROTOCOL% %RESPONSE_CODE%"
                    + " %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %UPSTREAM_HOST%"
                    + " %UPSTREAM_CLUSTER% %DOWNSTREAM_REMOTE_ADDRESS%"
                    + " %DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT% %RESP(content-type)%",
                httpEntry()))
        .isEqualTo(
            "2023-11-14T22:13:20.123Z GET /a?b=c HTTP/1.1 201 3 42 7 10.0.0.2:8080 backend-1"
                + " 127.0.0.1:5555 127.0.0.1 text/plain\n");
  }

  @Test
  void kumaOperatorsAreTheListenersValues() {
    assertThat(
            render(
                "%KUMA_MESH% %KUMA_SOURCE_SERVICE% %KUMA_DESTINATION_SERVICE% %KUMA_SOURCE_ADDRESS%"
                    + " %KUMA_SOURCE_ADDRESS_WITHOUT_PORT% %KUMA_TRAFFIC_DIRECTION%\n",
                httpEntry()))
        .isEqualTo("default web backend 10.0.0.1:0 10.0.0.1 OUTBOUND\n");
  }

  @Test
  void missingHeaderIsADashAndTheAlternativeIsTried() {
    assertThat(render("%REQ(X-NONE)% %REQ(X-NONE?USER-AGENT)% %REQ(:AUTHORITY)%", httpEntry()))
        .isEqualTo("- curl/8.0 shop.example\n");
  }

  @Test
  void maxLengthTruncates() {
    assertThat(render("%REQ(USER-AGENT):4% %UPSTREAM_CLUSTER:3%", httpEntry()))
        .isEqualTo("curl bac\n");
  }

  @Test
  void httpOperatorsAreDashesForTcp() {
    AccessLogEntry tcp = new AccessLogEntry();
    tcp.bytesReceived = 5;
    assertThat(render("%REQ(:METHOD)% %PROTOCOL% %BYTES_RECEIVED% %UPSTREAM_HOST%", tcp))
        .isEqualTo("- - 5 -\n");
  }

  @Test
  void startTimeTakesAStrftimePattern() {
    assertThat(render("%START_TIME(%Y/%m/%d %H:%M:%S.%3f %s)%", httpEntry()))
        .isEqualTo("2023/11/14 22:13:20.123 1700000000\n");
  }

  @Test
  void kumasDefaultFormatsCompile() {
    assertThat(render(AccessLogFormat.DEFAULT_HTTP, httpEntry()))
        .isEqualTo(
            "[2023-11-14T22:13:20.123Z] default \"GET /a?b=c HTTP/1.1\" 201 - 3 42 7 - \"-\""
                + " \"curl/8.0\" \"-\" \"-\" \"shop.example\" \"web\" \"backend\" \"10.0.0.1\""
                + " \"10.0.0.2:8080\"\n");
    AccessLogFormat.compile(AccessLogFormat.DEFAULT_TCP, KUMA);
  }

  @Test
  void unknownOperatorsAreNamedInTheError() {
    assertThatThrownBy(() -> AccessLogFormat.compile("%FOO% x %BAR(1)% %REQ()% %DURATION", KUMA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown command operator %FOO%")
        .hasMessageContaining("unknown command operator %BAR(1)%")
        .hasMessageContaining("%REQ()% needs a header name")
        .hasMessageContaining("unterminated operator");
  }
}
