package io.portico.proxy.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
  /** A random source that always returns the same double. */
  private static RandomGenerator fixed(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException();
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }

  private static final Backoff NO_JITTER =
      new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, 0.0);

  @Test
  void delayDoublesFromTheInitialDelay() {
    RandomGenerator random = fixed(0.5);
    assertThat(NO_JITTER.delay(0, random)).isEqualTo(Duration.ofMillis(100));
    assertThat(NO_JITTER.delay(1, random)).isEqualTo(Duration.ofMillis(200));
    assertThat(NO_JITTER.delay(2, random)).isEqualTo(Duration.ofMillis(400));
    assertThat(NO_JITTER.delay(5, random)).isEqualTo(Duration.ofMillis(3200));
  }

  @Test
  void delayIsCappedAtTheMaximum() {
    RandomGenerator random = fixed(0.5);
    assertThat(NO_JITTER.delay(6, random)).isEqualTo(Duration.ofSeconds(5));
    assertThat(NO_JITTER.delay(1000, random)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void jitterSpreadsTheDelayWithinItsBounds() {
    Backoff backoff = Backoff.DEFAULT;
    assertThat(backoff.delay(0, fixed(0.0))).isEqualTo(Duration.ofMillis(80));
    assertThat(backoff.delay(0, fixed(0.5))).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.delay(1, fixed(0.0))).isEqualTo(Duration.ofMillis(160));
    SplittableRandom seeded = new SplittableRandom(7);
    for (int failures = 0; failures < 20; failures++) {
      Duration delay = backoff.delay(failures, seeded);
      assertThat(delay).isBetween(Duration.ofMillis(80), Duration.ofSeconds(5));
    }
  }

  @Test
  void jitterNeverExceedsTheMaximum() {
    assertThat(Backoff.DEFAULT.delay(10, fixed(0.999))).isEqualTo(Duration.ofSeconds(5));
    assertThat(Backoff.DEFAULT.delay(10, fixed(0.0))).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void invalidSettingsAreRejected() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2, 0))
        .hasMessageContaining("initial backoff PT0S");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0))
        .hasMessageContaining("max backoff PT1S");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5, 0))
        .hasMessageContaining("multiplier 0.5");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 1.0))
        .hasMessageContaining("jitter 1.0");
  }
}
