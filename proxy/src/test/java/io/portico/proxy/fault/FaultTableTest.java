package io.portico.proxy.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.proxy.routing.FractionSampler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Faults decided from x-kuma-tags (spec core.md §3.4, gateway.md §2.6). */
class FaultTableTest {
  private static final FractionSampler HALF = new FractionSampler(() -> 0.5);

  private static KumaTagsMatcher source(Map<String, String> tags) {
    return new KumaTagsMatcher(tags);
  }

  @Test
  void everyTagOfASelectorMustBeAmongTheHeaderValues() {
    KumaTagsMatcher matcher = source(Map.of("kuma.io/service", "gw", "version", "v2"));
    assertThat(matcher.matches("&kuma.io/service=gw&&version=v1,v2&")).isTrue();
    assertThat(matcher.matches("&kuma.io/service=gw&&version=v1&")).isFalse();
    assertThat(matcher.matches("&kuma.io/service=gw2&&version=v2&")).isFalse();
    assertThat(matcher.matches("&kuma.io/service=g&&version=v2&")).isFalse();
    assertThat(matcher.matches(null)).isFalse();
  }

  @Test
  void wildcardValueOnlyNeedsTheKey() {
    assertThat(source(Map.of("kuma.io/service", "*")).matches("&kuma.io/service=any&")).isTrue();
    assertThat(source(Map.of("kuma.io/service", "*")).matches("&zone=a&")).isFalse();
  }

  private static FaultConfig fault(
      List<KumaTagsMatcher> sources, double delay, double abort, int status, double bandwidth) {
    return new FaultConfig(
        "f", sources, delay, Duration.ofMillis(100), abort, status, bandwidth, 1024);
  }

  @Test
  void delaysAddUpTheFirstAbortWinsAndSharesAreSampled() {
    FaultTable table =
        new FaultTable(
            List.of(
                fault(List.of(), 1, 0.4, 503, 0),
                fault(List.of(), 0.6, 0.6, 500, 0.6),
                fault(List.of(), 0, 1, 418, 0)));

    FaultDecision decision = table.decide("&kuma.io/service=gw&", HALF);

    assertThat(decision.delayNanos()).isEqualTo(Duration.ofMillis(200).toNanos());
    assertThat(decision.abortStatus()).isEqualTo(500);
    assertThat(decision.bandwidthBytesPerSecond()).isEqualTo(1024);
  }

  @Test
  void faultsOfOtherSourcesDoNotFire() {
    FaultTable table =
        new FaultTable(
            List.of(fault(List.of(source(Map.of("kuma.io/service", "gw"))), 0, 1, 500, 0)));

    assertThat(table.decide("&kuma.io/service=web&", HALF)).isNull();
    assertThat(table.decide(null, HALF)).isNull();
    assertThat(table.decide("&kuma.io/service=gw&", HALF).abortStatus()).isEqualTo(500);
  }
}
