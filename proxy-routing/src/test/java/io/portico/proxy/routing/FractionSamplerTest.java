package io.portico.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mirror sampling, spec gateway.md §3.4 and decision Q2 (percentage / 100). */
class FractionSamplerTest {

  @Test
  void zeroFractionNeverSamples() {
    FractionSampler sampler = new FractionSampler(() -> 0.0);
    assertThat(sampler.sample(0)).isFalse();
  }

  @Test
  void fullFractionAlwaysSamples() {
    FractionSampler sampler = new FractionSampler(() -> 0.999);
    assertThat(sampler.sample(1)).isTrue();
  }

  @Test
  void fractionIsComparedWithTheInjectedRandom() {
    Iterator<Double> values = List.of(0.1, 0.3, 0.29).iterator();
    FractionSampler sampler = new FractionSampler(values::next);
    assertThat(sampler.sample(0.3)).isTrue();
    assertThat(sampler.sample(0.3)).isFalse();
    assertThat(sampler.sample(0.3)).isTrue();
  }
}
