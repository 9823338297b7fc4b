package io.portico.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.proxy.config.RetryConfig.Condition;
import io.portico.proxy.config.RetryConfig.Failure;
import java.time.Duration;
import java.util.BitSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which try results each {@code retry_on} condition retries (Envoy's router semantics). */
class RetryConfigTest {
  private static RetryConfig on(Condition... conditions) {
    BitSet statuses = new BitSet();
    statuses.set(418);
    return new RetryConfig(
        1,
        Duration.ZERO,
        Duration.ofMillis(25),
        Duration.ofMillis(250),
        Set.of(conditions),
        statuses,
        Set.of());
  }

  @Test
  void fiveXxRetriesEvery5xxAndEveryFailure() {
    RetryConfig retry = on(Condition.FIVE_XX);
    assertThat(retry.retriesOnResponse(500, -1, false)).isTrue();
    assertThat(retry.retriesOnResponse(599, -1, false)).isTrue();
    assertThat(retry.retriesOnResponse(499, -1, false)).isFalse();
    for (Failure failure : Failure.values()) {
      assertThat(retry.retriesOnFailure(failure)).as("%s", failure).isTrue();
    }
  }

  @Test
  void gatewayErrorRetries502To504AndEveryFailure() {
    RetryConfig retry = on(Condition.GATEWAY_ERROR);
    assertThat(retry.retriesOnResponse(502, -1, false)).isTrue();
    assertThat(retry.retriesOnResponse(503, -1, false)).isTrue();
    assertThat(retry.retriesOnResponse(504, -1, false)).isTrue();
    assertThat(retry.retriesOnResponse(500, -1, false)).isFalse();
    assertThat(retry.retriesOnFailure(Failure.CONNECT_FAILURE)).isTrue();
    assertThat(retry.retriesOnFailure(Failure.PER_TRY_TIMEOUT)).isTrue();
  }

  @Test
  void connectFailureRetriesOnlyConnectFailures() {
    RetryConfig retry = on(Condition.CONNECT_FAILURE);
    assertThat(retry.retriesOnFailure(Failure.CONNECT_FAILURE)).isTrue();
    assertThat(retry.retriesOnFailure(Failure.RESET)).isFalse();
    assertThat(retry.retriesOnFailure(Failure.PER_TRY_TIMEOUT)).isFalse();
    assertThat(retry.retriesOnResponse(503, -1, false)).isFalse();
  }

  @Test
  void refusedStreamRetriesOnlyRefusedStreams() {
    RetryConfig retry = on(Condition.REFUSED_STREAM);
    assertThat(retry.retriesOnFailure(Failure.REFUSED_STREAM)).isTrue();
    assertThat(retry.retriesOnFailure(Failure.RESET)).isFalse();
  }

  @Test
  void resetRetriesEveryFailureWithoutAResponse() {
    RetryConfig retry = on(Condition.RESET);
    for (Failure failure : Failure.values()) {
      assertThat(retry.retriesOnFailure(failure)).as("%s", failure).isTrue();
    }
    assertThat(retry.retriesOnResponse(503, -1, false)).isFalse();
  }

  @Test
  void retriableStatusCodesRetryOnlyTheListedStatuses() {
    RetryConfig retry = on(Condition.RETRIABLE_STATUS_CODES);
    assertThat(retry.retriesOnResponse(418, -1, false)).isTrue();
    assertThat(retry.retriesOnResponse(503, -1, false)).isFalse();
    assertThat(on(Condition.FIVE_XX).retriesOnResponse(418, -1, false)).isFalse();
  }

  @Test
  void retriable4xxRetriesOnly409() {
    RetryConfig retry = on(Condition.RETRIABLE_4XX);
    assertThat(retry.retriesOnResponse(409, -1, false)).isTrue();
    assertThat(retry.retriesOnResponse(404, -1, false)).isFalse();
  }

  @Test
  void envoyRateLimitedRetriesResponsesCarryingTheHeader() {
    assertThat(on(Condition.ENVOY_RATELIMITED).retriesOnResponse(429, -1, true)).isTrue();
    assertThat(on(Condition.ENVOY_RATELIMITED).retriesOnResponse(429, -1, false)).isFalse();
  }

  @Test
  void grpcConditionsMatchTheGrpcStatusOfTheHead() {
    assertThat(on(Condition.GRPC_CANCELLED).retriesOnResponse(200, 1, false)).isTrue();
    assertThat(on(Condition.GRPC_DEADLINE_EXCEEDED).retriesOnResponse(200, 4, false)).isTrue();
    assertThat(on(Condition.GRPC_RESOURCE_EXHAUSTED).retriesOnResponse(200, 8, false)).isTrue();
    assertThat(on(Condition.GRPC_INTERNAL).retriesOnResponse(200, 13, false)).isTrue();
    assertThat(on(Condition.GRPC_UNAVAILABLE).retriesOnResponse(200, 14, false)).isTrue();
    assertThat(on(Condition.GRPC_UNAVAILABLE).retriesOnResponse(200, 13, false)).isFalse();
    assertThat(on(Condition.GRPC_UNAVAILABLE).retriesOnResponse(200, -1, false)).isFalse();
  }

  @Test
  void retriableMethodsRestrictWhenListed() {
    RetryConfig any = on(Condition.FIVE_XX);
    assertThat(any.allowsMethod("POST")).isTrue();
    RetryConfig getOnly =
        new RetryConfig(
            1,
            Duration.ZERO,
            Duration.ofMillis(25),
            Duration.ofMillis(250),
            Set.of(Condition.FIVE_XX),
            new BitSet(),
            Set.of("GET"));
    assertThat(getOnly.allowsMethod("GET")).isTrue();
    assertThat(getOnly.allowsMethod("POST")).isFalse();
  }

  @Test
  void noRetriesOrNoConditionsMeansDisabled() {
    assertThat(RetryConfig.NONE.isEnabled()).isFalse();
    assertThat(on().isEnabled()).isFalse();
    assertThat(on(Condition.FIVE_XX).isEnabled()).isTrue();
  }
}
