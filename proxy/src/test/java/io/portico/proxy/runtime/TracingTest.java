package io.portico.proxy.runtime;

import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.proxy.api.v1.HttpListener;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.Tracing;
import io.portico.proxy.api.v1.TrafficDirection;
import io.portico.proxy.api.v1.VirtualHost;
import io.portico.proxy.fixture.EchoUpstream;
import io.portico.proxy.fixture.FakeZipkinCollector;
import io.portico.proxy.fixture.RawHttpClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Request tracing through a real runtime, into a fake Zipkin collector. */
class TracingTest {
  private static final String TRACE = "463ac35c9f6413ad";
  private static final String CALLER_SPAN = "a2fb4a1d1a96d312";
  private static final String CALLER_PARENT = "0020000000000001";

  private ProxyRuntime runtime;
  private EchoUpstream echo;
  private FakeZipkinCollector zipkin;

  @BeforeEach
  void start() {
    echo = EchoUpstream.http1("echo");
    zipkin = new FakeZipkinCollector();
    runtime = ProxyRuntime.builder().eventLoopThreads(1).build();
  }

  @AfterEach
  void stop() {
    runtime.close();
    echo.close();
    zipkin.close();
  }

  private Tracing.Builder tracing() {
    return Tracing.newBuilder()
        .setCollectorUrl(zipkin.url())
        .setSampling(100)
        .setSharedSpanContext(true)
        .setServiceName("web")
        .setNodeId("web-1");
  }

  private int apply(TrafficDirection direction, Tracing.Builder tracing) {
    HttpListener.Builder http =
        HttpListener.newBuilder()
            .addVirtualHosts(
                VirtualHost.newBuilder()
                    .setName("any")
                    .addDomains("*")
                    .addRoutes(forward("all", prefix("/"), "echo")));
    if (tracing != null) {
      http.setTracing(tracing);
    }
    ProxyConfig config =
        ProxyConfig.newBuilder()
            .setVersion("v" + System.nanoTime())
            .addClusters(http1("echo", echo.port()))
            .addListeners(
                Listener.newBuilder()
                    .setName("web")
                    .setAddress("127.0.0.1")
                    .setPort(0)
                    .setDirection(direction)
                    .setHttp(http))
            .build();
    assertThat(runtime.apply(config)).isEmpty();
    return runtime.listenerPort("web").orElseThrow();
  }

  private static JsonNode upstreamHeaders(RawHttpClient.Response response) {
    return EchoUpstream.parse(response.body()).get("headers");
  }

  private JsonNode onlySpan() {
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> zipkin.spans().size() == 1);
    return zipkin.spans().get(0);
  }

  @Test
  void aGatewayRequestWithATraceIdMakesAChildServerSpanAndPropagatesIt() {
    int port = apply(TrafficDirection.GATEWAY, tracing());

    RawHttpClient.Response response =
        RawHttpClient.request(
            port,
            "shop.example",
            "/buy?x=1",
            "x-b3-traceid: " + TRACE,
            "x-b3-spanid: " + CALLER_SPAN,
            "x-request-id: r-1");

    assertThat(response.status()).isEqualTo(200);
    JsonNode span = onlySpan();
    assertThat(span.get("traceId").asText()).isEqualTo(TRACE);
    assertThat(span.get("parentId").asText()).isEqualTo(CALLER_SPAN);
    assertThat(span.get("id").asText()).hasSize(16).isNotEqualTo(CALLER_SPAN);
    assertThat(span.get("kind").asText()).isEqualTo("SERVER");
    assertThat(span.has("shared")).isFalse();
    assertThat(span.get("name").asText()).isEqualTo("shop.example");
    assertThat(span.get("localEndpoint").get("serviceName").asText()).isEqualTo("web");
    JsonNode tags = span.get("tags");
    assertThat(tags.get("http.method").asText()).isEqualTo("GET");
    assertThat(tags.get("http.url").asText()).isEqualTo("http://shop.example/buy?x=1");
    assertThat(tags.get("http.status_code").asText()).isEqualTo("200");
    assertThat(tags.get("upstream_cluster").asText()).isEqualTo("echo");
    assertThat(tags.get("component").asText()).isEqualTo("proxy");
    assertThat(tags.get("node_id").asText()).isEqualTo("web-1");
    assertThat(tags.get("guid:x-request-id").asText()).isEqualTo("r-1");

    JsonNode upstream = upstreamHeaders(response);
    assertThat(upstream.get("x-b3-traceid").asText()).isEqualTo(TRACE);
    assertThat(upstream.get("x-b3-spanid").asText()).isEqualTo(span.get("id").asText());
    assertThat(upstream.get("x-b3-parentspanid").asText()).isEqualTo(CALLER_SPAN);
    assertThat(upstream.get("x-b3-sampled").asText()).isEqualTo("1");
  }

  @Test
  void aSidecarInboundSharesTheCallersSpanWhenSharedSpanContextIsOn() {
    int port = apply(TrafficDirection.INBOUND, tracing());

    RawHttpClient.Response response =
        RawHttpClient.request(
            port, "web", "/", "b3: " + TRACE + "-" + CALLER_SPAN + "-1-" + CALLER_PARENT);

    JsonNode span = onlySpan();
    assertThat(span.get("id").asText()).isEqualTo(CALLER_SPAN);
    assertThat(span.get("parentId").asText()).isEqualTo(CALLER_PARENT);
    assertThat(span.get("shared").asBoolean()).isTrue();
    JsonNode upstream = upstreamHeaders(response);
    assertThat(upstream.get("x-b3-spanid").asText()).isEqualTo(CALLER_SPAN);
    assertThat(upstream.has("b3")).isFalse();
  }

  @Test
  void anOutboundMakesAClientSpanOfANewTraceWith128BitIds() {
    int port = apply(TrafficDirection.OUTBOUND, tracing().setTraceId128Bit(true));

    RawHttpClient.Response response = RawHttpClient.request(port, "backend", "/");

    JsonNode span = onlySpan();
    assertThat(span.get("kind").asText()).isEqualTo("CLIENT");
    assertThat(span.get("traceId").asText()).hasSize(32);
    assertThat(span.has("parentId")).isFalse();
    assertThat(upstreamHeaders(response).get("x-b3-traceid").asText())
        .isEqualTo(span.get("traceId").asText());
  }

  @Test
  void aW3cTraceparentIsJoined() {
    int port = apply(TrafficDirection.GATEWAY, tracing());
    String trace = "4bf92f3577b34da6a3ce929d0e0e4736";

    RawHttpClient.Response response =
        RawHttpClient.request(port, "a", "/", "traceparent: 00-" + trace + "-00f067aa0ba902b7-01");

    JsonNode span = onlySpan();
    assertThat(span.get("traceId").asText()).isEqualTo(trace);
    assertThat(span.get("parentId").asText()).isEqualTo("00f067aa0ba902b7");
    assertThat(upstreamHeaders(response).get("traceparent").asText())
        .isEqualTo("00-" + trace + "-" + span.get("id").asText() + "-01");
  }

  @Test
  void anIncomingNotSampledDecisionIsHonouredAndPropagated() {
    int port = apply(TrafficDirection.GATEWAY, tracing());

    RawHttpClient.Response dropped =
        RawHttpClient.request(
            port,
            "a",
            "/",
            "x-b3-traceid: " + TRACE,
            "x-b3-spanid: " + CALLER_SPAN,
            "x-b3-sampled: 0");
    RawHttpClient.Response kept = RawHttpClient.request(port, "a", "/kept");

    assertThat(upstreamHeaders(dropped).get("x-b3-sampled").asText()).isEqualTo("0");
    assertThat(upstreamHeaders(dropped).get("x-b3-traceid").asText()).isEqualTo(TRACE);
    JsonNode span = onlySpan();
    assertThat(span.get("tags").get("http.url").asText()).endsWith("/kept");
    assertThat(upstreamHeaders(kept).get("x-b3-sampled").asText()).isEqualTo("1");
  }

  @Test
  void samplingZeroRecordsNothingButStillPropagates() {
    int port = apply(TrafficDirection.GATEWAY, tracing().setSampling(0));

    RawHttpClient.Response response = RawHttpClient.request(port, "a", "/");
    apply(TrafficDirection.GATEWAY, tracing());
    RawHttpClient.request(port, "a", "/sampled");

    JsonNode span = onlySpan();
    assertThat(span.get("tags").get("http.url").asText()).endsWith("/sampled");
    assertThat(upstreamHeaders(response).get("x-b3-sampled").asText()).isEqualTo("0");
  }

  @Test
  void removingTracingStopsSpansAndTheExporter() {
    int port = apply(TrafficDirection.GATEWAY, tracing());
    RawHttpClient.request(port, "a", "/traced");
    onlySpan();

    apply(TrafficDirection.GATEWAY, null);
    RawHttpClient.Response response = RawHttpClient.request(port, "a", "/untraced");

    assertThat(runtime.spanExporters().open()).isEmpty();
    assertThat(upstreamHeaders(response).has("x-b3-traceid")).isFalse();
    assertThat(zipkin.spans()).hasSize(1);
  }

  @Test
  void aCollectorUrlWithoutPortIsRejected() {
    ProxyConfig config =
        ProxyConfig.newBuilder()
            .setVersion("bad")
            .addClusters(http1("echo", echo.port()))
            .addListeners(
                Listener.newBuilder()
                    .setName("web")
                    .setAddress("127.0.0.1")
                    .setDirection(TrafficDirection.GATEWAY)
                    .setHttp(
                        HttpListener.newBuilder()
                            .setTracing(tracing().setCollectorUrl("http://zipkin/api/v2/spans"))))
            .build();

    List<String> errors = runtime.apply(config);

    assertThat(errors)
        .anySatisfy(e -> assertThat(e).contains("http.tracing.collector_url").contains("port"));
  }
}
