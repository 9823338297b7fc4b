package io.portico.proxy.stream;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter between reconnect attempts: {@code initial × multiplier^failures}
 * capped at {@code max}, then spread by ±{@code jitter} (and capped again), so that proxies cut off
 * together do not reconnect together.
 *
 * @param initial the delay after the first failure
 * @param max the longest delay
 * @param multiplier growth per consecutive failure, at least 1
 * @param jitter relative spread in [0, 1)
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {
  /** 100 ms doubling to 5 s, ±20 %. */
  public static final Backoff DEFAULT =
      new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, 0.2);

  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial backoff " + initial + ": expected > 0");
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "max backoff " + max + ": expected at least the initial " + initial);
    }
    if (!(multiplier >= 1.0)) {
      throw new IllegalArgumentException("backoff multiplier " + multiplier + ": expected >= 1");
    }
    if (!(jitter >= 0.0 && jitter < 1.0)) {
      throw new IllegalArgumentException("backoff jitter " + jitter + ": expected in [0, 1)");
    }
  }

  /**
   * The delay before the next attempt after {@code failures} consecutive failures (the first
   * failure is {@code failures = 0}).
   */
  public Duration delay(int failures, RandomGenerator random) {
    if (failures < 0) {
      throw new IllegalArgumentException("failures " + failures + ": expected >= 0");
    }
    double maxNanos = max.toNanos();
    double base = Math.min(initial.toNanos() * Math.pow(multiplier, failures), maxNanos);
    double spread = 1.0 - jitter + 2.0 * jitter * random.nextDouble();
    return Duration.ofNanos((long) Math.min(base * spread, maxNanos));
  }
}
