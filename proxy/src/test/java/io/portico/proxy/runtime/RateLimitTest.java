package io.portico.proxy.runtime;

import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.httpListener;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import io.portico.proxy.api.v1.HeaderValue;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.RateLimit;
import io.portico.proxy.api.v1.Route;
import io.portico.proxy.api.v1.RoutePolicy;
import io.portico.proxy.fixture.EchoUpstream;
import io.portico.proxy.fixture.RawHttpClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A route entry's RateLimit (spec gateway.md §4.5, §3.5) through a running proxy. */
class RateLimitTest {
  private ProxyRuntime runtime;
  private EchoUpstream echo;

  @BeforeEach
  void start() {
    runtime = ProxyRuntime.builder().eventLoopThreads(2).build();
    echo = EchoUpstream.http1("echo");
  }

  @AfterEach
  void stop() {
    runtime.close();
    echo.close();
  }

  private int serve(String version, RateLimit limit, Route... more) {
    Route limited = forward("limited", prefix("/limited"), "svc");
    if (limit != null) {
      limited = limited.toBuilder().setPolicy(RoutePolicy.newBuilder().setRateLimit(limit)).build();
    }
    List<Route> routes = new java.util.ArrayList<>(List.of(limited));
    routes.addAll(List.of(more));
    routes.add(forward("free", prefix("/"), "svc"));
    ProxyConfig config =
        ProxyConfig.newBuilder()
            .setVersion(version)
            .addClusters(http1("svc", echo.port()))
            .addListeners(
                httpListener("http", 0, vhost("all", List.of("*"), routes.toArray(Route[]::new))))
            .build();
    assertThat(runtime.apply(config)).isEmpty();
    return runtime.listenerPort("http").orElseThrow();
  }

  private static RateLimit.Builder perHour(int requests) {
    return RateLimit.newBuilder()
        .setRequests(requests)
        .setInterval(Duration.newBuilder().setSeconds(3600));
  }

  @Test
  void requestsBeyondTheLimitAreAnsweredLocallyWith429AndTheHeaders() {
    int port =
        serve(
            "v1",
            perHour(3)
                .addHeaders(HeaderValue.newBuilder().setName("x-rate-limited").setValue("true"))
                .addAddHeaders(HeaderValue.newBuilder().setName("x-why").setValue("policy"))
                .build());
    for (int i = 0; i < 3; i++) {
      assertThat(RawHttpClient.request(port, "h", "/limited").status()).isEqualTo(200);
    }
    RawHttpClient.Response limited = RawHttpClient.request(port, "h", "/limited");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("x-rate-limited")).isEqualTo("true");
    assertThat(limited.header("x-why")).isEqualTo("policy");
    assertThat(limited.body()).isEqualTo("local_rate_limited");
    assertThat(echo.requests()).isEqualTo(3);
    assertThat(RawHttpClient.request(port, "h", "/other").status())
        .as("other route entries are not limited")
        .isEqualTo(200);
  }

  @Test
  void theStatusOfTheAnswerIsConfigurable() {
    int port = serve("v1", perHour(1).setStatus(503).build());
    assertThat(RawHttpClient.request(port, "h", "/limited").status()).isEqualTo(200);
    assertThat(RawHttpClient.request(port, "h", "/limited").status()).isEqualTo(503);
  }

  @Test
  void aLimitedRequestKeepsTheConnectionUsable() {
    int port = serve("v1", perHour(1).build());
    try (RawHttpClient client = RawHttpClient.connect(port)) {
      assertThat(client.get("h", "/limited").status()).isEqualTo(200);
      assertThat(client.exchange("POST", "h", "/limited", "body").status()).isEqualTo(429);
      assertThat(client.get("h", "/free").status()).isEqualTo(200);
    }
  }

  @Test
  void connectionsOnEveryEventLoopShareOneBucket() {
    int port = serve("v1", perHour(4).build());
    int ok = 0;
    for (int i = 0; i < 10; i++) {
      if (RawHttpClient.request(port, "h", "/limited").status() == 200) {
        ok++;
      }
    }
    assertThat(ok).isEqualTo(4);
  }

  @Test
  void aConfigSwapThatKeepsTheLimitKeepsTheBucketAndRemovingItLiftsIt() {
    int port = serve("v1", perHour(2).build());
    assertThat(RawHttpClient.request(port, "h", "/limited").status()).isEqualTo(200);
    assertThat(RawHttpClient.request(port, "h", "/limited").status()).isEqualTo(200);
    assertThat(RawHttpClient.request(port, "h", "/limited").status()).isEqualTo(429);

    serve("v2", perHour(2).build(), forward("new", prefix("/new"), "svc"));
    assertThat(RawHttpClient.request(port, "h", "/limited").status()).isEqualTo(429);

    serve("v3", null);
    assertThat(RawHttpClient.request(port, "h", "/limited").status()).isEqualTo(200);
  }
}
