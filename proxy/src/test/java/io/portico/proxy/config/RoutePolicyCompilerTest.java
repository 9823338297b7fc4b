package io.portico.proxy.config;

import static io.portico.proxy.fixture.Configs.withPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Duration;
import io.portico.proxy.api.v1.HeaderValue;
import io.portico.proxy.api.v1.RateLimit;
import io.portico.proxy.api.v1.RetryPolicy;
import io.portico.proxy.api.v1.RoutePolicy;
import io.portico.proxy.config.RetryConfig.Condition;
import io.portico.proxy.tls.TlsContexts;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Retry and RateLimit parts of a route's policy, compiled and validated. */
class RoutePolicyCompilerTest {
  private final RuntimeConfigCompiler compiler =
      new RuntimeConfigCompiler(Clock.systemUTC(), TlsContexts.create(false));

  private static RouteConfig firstRoute(RuntimeConfig config) {
    HttpListenerConfig listener = (HttpListenerConfig) config.listeners().iterator().next();
    return listener.hosts().find("any").orElseThrow().routes().entries().get(0).route();
  }

  private RouteConfig compileRoute(RoutePolicy policy) throws InvalidConfigException {
    return firstRoute(compiler.compile(withPolicy(policy)));
  }

  private static RoutePolicy retry(RetryPolicy.Builder retry) {
    return RoutePolicy.newBuilder().setRetry(retry).build();
  }

  private static RoutePolicy rateLimit(RateLimit.Builder limit) {
    return RoutePolicy.newBuilder().setRateLimit(limit).build();
  }

  private static Duration millis(int ms) {
    return Duration.newBuilder().setNanos(ms * 1_000_000).build();
  }

  @Test
  void aRouteWithoutRetryNeverRetries() throws InvalidConfigException {
    assertThat(compileRoute(RoutePolicy.getDefaultInstance()).retry()).isEqualTo(RetryConfig.NONE);
  }

  @Test
  void anEmptyRetryOnMeansEnvoysDefaultConditions() throws InvalidConfigException {
    RetryConfig retry = compileRoute(retry(RetryPolicy.newBuilder().setNumRetries(2))).retry();
    assertThat(retry.retryOn())
        .containsExactlyInAnyOrder(
            Condition.GATEWAY_ERROR, Condition.CONNECT_FAILURE, Condition.REFUSED_STREAM);
    assertThat(retry.numRetries()).isEqualTo(2);
    assertThat(retry.baseInterval()).isEqualTo(java.time.Duration.ofMillis(25));
    assertThat(retry.maxInterval()).isEqualTo(java.time.Duration.ofMillis(250));
  }

  @Test
  void retriableStatusCodesAloneSwitchTheTriggerToThem() throws InvalidConfigException {
    RetryConfig retry =
        compileRoute(retry(RetryPolicy.newBuilder().setNumRetries(1).addRetriableStatusCodes(500)))
            .retry();
    assertThat(retry.retryOn()).containsExactly(Condition.RETRIABLE_STATUS_CODES);
    assertThat(retry.retriesOnResponse(500, -1, false)).isTrue();
    assertThat(retry.retriesOnResponse(503, -1, false)).isFalse();
  }

  @Test
  void retryFieldsAreCompiled() throws InvalidConfigException {
    RetryConfig retry =
        compileRoute(
                retry(
                    RetryPolicy.newBuilder()
                        .setNumRetries(3)
                        .setPerTryTimeout(millis(300))
                        .setBaseInterval(millis(10))
                        .setMaxInterval(millis(40))
                        .addAllRetryOn(List.of("5xx", "reset", "retriable-headers"))
                        .addRetriableMethods("GET")))
            .retry();
    assertThat(retry)
        .returns(3, RetryConfig::numRetries)
        .returns(java.time.Duration.ofMillis(300), RetryConfig::perTryTimeout)
        .returns(java.time.Duration.ofMillis(10), RetryConfig::baseInterval)
        .returns(java.time.Duration.ofMillis(40), RetryConfig::maxInterval)
        .returns(Set.of(Condition.FIVE_XX, Condition.RESET), RetryConfig::retryOn)
        .returns(Set.of("GET"), RetryConfig::retriableMethods);
  }

  @Test
  void badRetryFieldsAreRejectedWithTheirPaths() {
    RoutePolicy bad =
        retry(
            RetryPolicy.newBuilder()
                .setNumRetries(1)
                .addRetryOn("sometimes")
                .addRetriableStatusCodes(700)
                .addRetriableMethods("FETCH")
                .setBaseInterval(millis(100))
                .setMaxInterval(millis(50)));
    assertThatThrownBy(() -> compiler.compile(withPolicy(bad)))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.errors())
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .startsWith(
                                    "listeners[http].http.virtual_hosts[all].routes[r].policy.retry"
                                        + ".retry_on[0]: unknown condition \"sometimes\""))
                    .contains(
                        "listeners[http].http.virtual_hosts[all].routes[r].policy.retry"
                            + ".retriable_status_codes[0]: must be in inclusive range [100, 599],"
                            + " got 700",
                        "listeners[http].http.virtual_hosts[all].routes[r].policy.retry"
                            + ".max_interval: must not be less than base_interval (PT0.1S), got"
                            + " PT0.05S")
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .startsWith(
                                    "listeners[http].http.virtual_hosts[all].routes[r].policy.retry"
                                        + ".retriable_methods[0]: unknown method \"FETCH\"")));
  }

  @Test
  void rateLimitIsCompiledWithDefaultStatus429() throws InvalidConfigException {
    RateLimitConfig limit =
        compileRoute(
                rateLimit(
                    RateLimit.newBuilder()
                        .setRequests(5)
                        .setInterval(Duration.newBuilder().setSeconds(10))
                        .addHeaders(HeaderValue.newBuilder().setName("x-limited").setValue("yes"))
                        .addAddHeaders(HeaderValue.newBuilder().setName("x-more").setValue("1"))))
            .rateLimit();
    assertThat(limit.requests()).isEqualTo(5);
    assertThat(limit.interval()).isEqualTo(java.time.Duration.ofSeconds(10));
    assertThat(limit.status()).isEqualTo(429);
    assertThat(limit.setHeaders()).containsExactly(new Header("x-limited", "yes"));
    assertThat(limit.addHeaders()).containsExactly(new Header("x-more", "1"));
  }

  @Test
  void badRateLimitsAreRejectedWithTheirPaths() {
    RoutePolicy bad = rateLimit(RateLimit.newBuilder().setStatus(99));
    assertThatThrownBy(() -> compiler.compile(withPolicy(bad)))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.errors())
                    .contains(
                        "listeners[http].http.virtual_hosts[all].routes[r].policy.rate_limit.requests:"
                            + " must be greater than 0",
                        "listeners[http].http.virtual_hosts[all].routes[r].policy.rate_limit.interval:"
                            + " must be greater than 0",
                        "listeners[http].http.virtual_hosts[all].routes[r].policy.rate_limit.status:"
                            + " must be in inclusive range [200, 599], got 99"));
  }
}
