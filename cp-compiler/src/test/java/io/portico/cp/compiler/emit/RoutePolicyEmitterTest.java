package io.portico.cp.compiler.emit;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.cp.compiler.plan.RoutePolicyPlan.RetryProtocol;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.policy.RateLimitSpec;
import io.portico.mesh.api.policy.RetrySpec;
import io.portico.mesh.api.policy.RetrySpec.HttpRetryOn;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.proxy.api.v1.HeaderValue;
import io.portico.proxy.api.v1.RateLimit;
import io.portico.proxy.api.v1.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Retry and RateLimit mapping of spec/gateway.md §4.5. */
class RoutePolicyEmitterTest {
  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "all_5xx, 5xx",
    "gateway_error, gateway-error",
    "reset, reset",
    "connect_failure, connect-failure",
    "envoy_ratelimited, envoy-ratelimited",
    "retriable_4xx, retriable-4xx",
    "refused_stream, refused-stream",
    "retriable_status_codes, retriable-status-codes",
    "retriable_headers, retriable-headers",
    "http3_post_connect_failure, http3-post-connect-failure",
  })
  void httpRetryOnNames(HttpRetryOn condition, String expected) {
    RetryPolicy policy =
        http(new RetrySpec.Http(2, null, null, List.of(), List.of(), List.of(condition)));
    assertThat(policy.getRetryOnList()).containsExactly(expected);
  }

  @Test
  void httpDefaultsToGatewayErrorsAndOneRetry() {
    RetryPolicy policy =
        http(new RetrySpec.Http(null, null, null, List.of(), List.of(), List.of()));
    assertThat(policy.getRetryOnList())
        .containsExactly("gateway-error", "connect-failure", "refused-stream");
    assertThat(policy.getNumRetries()).isEqualTo(1);
  }

  @Test
  void retriableStatusCodesSwitchTheTrigger() {
    RetryPolicy policy =
        http(new RetrySpec.Http(3, null, null, List.of(503, 409), List.of(), List.of()));
    assertThat(policy.getRetryOnList()).containsExactly("retriable-status-codes");
    assertThat(policy.getRetriableStatusCodesList()).containsExactly(503, 409);
  }

  @Test
  void backOffMaxDefaultsToTenTimesTheBase() {
    RetryPolicy policy =
        http(
            new RetrySpec.Http(
                3,
                Duration.ofSeconds(1),
                new RetrySpec.BackOff(Duration.ofMillis(20), null),
                List.of(),
                List.of(RetrySpec.HttpMethod.GET),
                List.of()));
    assertThat(policy.getBaseInterval().getNanos()).isEqualTo(20_000_000);
    assertThat(policy.getMaxInterval().getNanos()).isEqualTo(200_000_000);
    assertThat(policy.getPerTryTimeout().getSeconds()).isEqualTo(1);
    assertThat(policy.getRetriableMethodsList()).containsExactly("GET");
  }

  @Test
  void grpcConditionsUseDashes() {
    RetrySpec.Conf conf =
        new RetrySpec.Conf(
            null,
            new RetrySpec.Grpc(
                List.of(RetrySpec.GrpcRetryOn.deadline_exceeded, RetrySpec.GrpcRetryOn.unavailable),
                4,
                null,
                null),
            null);
    RetryPolicy policy = RoutePolicyEmitter.retry(retry(conf), RetryProtocol.GRPC).orElseThrow();
    assertThat(policy.getRetryOnList()).containsExactly("deadline-exceeded", "unavailable");
    assertThat(policy.getNumRetries()).isEqualTo(4);
  }

  @Test
  void aMissingSectionMeansNoRetry() {
    RetrySpec.Conf onlyTcp = new RetrySpec.Conf(null, null, new RetrySpec.Tcp(5));
    assertThat(RoutePolicyEmitter.retry(retry(onlyTcp), RetryProtocol.HTTP)).isEmpty();
    assertThat(RoutePolicyEmitter.retry(retry(onlyTcp), RetryProtocol.GRPC)).isEmpty();
  }

  @Test
  void rateLimitHeadersAreAddedUnlessAppendIsFalse() {
    Selector any = Selector.of(Map.of("kuma.io/service", "*"));
    RateLimitSpec.Http http =
        new RateLimitSpec.Http(
            5,
            Duration.ofSeconds(10),
            new RateLimitSpec.OnRateLimit(
                null,
                List.of(
                    new RateLimitSpec.HeaderValue("x-default", "a", null),
                    new RateLimitSpec.HeaderValue("x-append", "b", true),
                    new RateLimitSpec.HeaderValue("x-set", "c", false))));
    RateLimit limit =
        RoutePolicyEmitter.rateLimit(
                Resource.of(
                    ResourceTypes.RATE_LIMIT,
                    "default",
                    "rl",
                    new RateLimitSpec(List.of(any), List.of(any), new RateLimitSpec.Conf(http))))
            .orElseThrow();
    assertThat(limit.getRequests()).isEqualTo(5);
    assertThat(limit.getInterval().getSeconds()).isEqualTo(10);
    assertThat(limit.getStatus()).isEqualTo(429);
    assertThat(limit.getHeadersList()).extracting(HeaderValue::getName).containsExactly("x-set");
    assertThat(limit.getAddHeadersList())
        .extracting(HeaderValue::getName)
        .containsExactly("x-default", "x-append");
  }

  @Test
  void aMaxIntervalBelowTheBaseBecomesTheBase() {
    RetryPolicy policy =
        http(
            new RetrySpec.Http(
                2,
                null,
                new RetrySpec.BackOff(Duration.ofMillis(100), Duration.ofMillis(50)),
                List.of(),
                List.of(),
                List.of()));
    assertThat(policy.getMaxInterval().getNanos()).isEqualTo(100_000_000);
  }

  @Test
  void anInformationalRateLimitStatusAnswers429() {
    Selector any = Selector.of(Map.of("kuma.io/service", "*"));
    RateLimitSpec.Http http =
        new RateLimitSpec.Http(
            5, Duration.ofSeconds(10), new RateLimitSpec.OnRateLimit(150, List.of()));
    RateLimit limit =
        RoutePolicyEmitter.rateLimit(
                Resource.of(
                    ResourceTypes.RATE_LIMIT,
                    "default",
                    "rl",
                    new RateLimitSpec(List.of(any), List.of(any), new RateLimitSpec.Conf(http))))
            .orElseThrow();
    assertThat(limit.getStatus()).isEqualTo(429);
  }

  private static RetryPolicy http(RetrySpec.Http http) {
    return RoutePolicyEmitter.retry(retry(new RetrySpec.Conf(http, null, null)), RetryProtocol.HTTP)
        .orElseThrow();
  }

  private static Resource<RetrySpec> retry(RetrySpec.Conf conf) {
    Selector any = Selector.of(Map.of("kuma.io/service", "*"));
    return Resource.of(
        ResourceTypes.RETRY, "default", "retry", new RetrySpec(List.of(any), List.of(any), conf));
  }
}
