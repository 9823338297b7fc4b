package io.portico.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
  private static final Duration BASE = Duration.ofMillis(25);
  private static final Duration MAX = Duration.ofMillis(250);

  @Test
  void theBoundDoublesWithEachRetryUpToTheMax() {
    long largest = Long.MAX_VALUE;
    assertThat(RetryBackoff.delayNanos(1, BASE, MAX, largest)).isEqualTo(largest % BASE.toNanos());
    assertThat(RetryBackoff.delayNanos(1, BASE, MAX, -1)).isEqualTo(BASE.toNanos() - 1);
    assertThat(RetryBackoff.delayNanos(2, BASE, MAX, -1)).isEqualTo(2 * BASE.toNanos() - 1);
    assertThat(RetryBackoff.delayNanos(3, BASE, MAX, -1)).isEqualTo(4 * BASE.toNanos() - 1);
    assertThat(RetryBackoff.delayNanos(4, BASE, MAX, -1)).isEqualTo(8 * BASE.toNanos() - 1);
    assertThat(RetryBackoff.delayNanos(5, BASE, MAX, -1)).isEqualTo(MAX.toNanos() - 1);
    assertThat(RetryBackoff.delayNanos(60, BASE, MAX, -1)).isEqualTo(MAX.toNanos() - 1);
  }

  @Test
  void theDelayIsJitteredBetweenZeroAndTheBound() {
    for (long random = -1000; random < 1000; random += 7) {
      assertThat(RetryBackoff.delayNanos(2, BASE, MAX, random * 7919))
          .isBetween(0L, 2 * BASE.toNanos() - 1);
    }
    assertThat(RetryBackoff.delayNanos(1, BASE, MAX, 0)).isZero();
  }
}
