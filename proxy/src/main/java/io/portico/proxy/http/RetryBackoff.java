package io.portico.proxy.http;

import java.time.Duration;

/**
 * The wait before a retry: Envoy's jittered exponential back-off ({@code
 * JitteredExponentialBackOffStrategy}): the n-th retry waits a uniformly random time in {@code [0,
 * min(base × 2^(n-1), max))}.
 */
final class RetryBackoff {
  private RetryBackoff() {}

  /**
   * The delay of a retry.
   *
   * @param retry 1 for the first retry
   * @param random any long (uniformly distributed), e.g. {@code ThreadLocalRandom.nextLong()}
   */
  static long delayNanos(int retry, Duration base, Duration max, long random) {
    long maxNanos = max.toNanos();
    long bound = base.toNanos();
    for (int i = 1; i < retry && bound < maxNanos; i++) {
      bound = bound > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : bound * 2;
    }
    bound = Math.min(bound, maxNanos);
    return bound <= 0 ? 0 : Math.floorMod(random, bound);
  }
}
