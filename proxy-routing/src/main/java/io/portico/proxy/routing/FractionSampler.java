package io.portico.proxy.routing;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Decides whether a request is sampled for a fraction in [0, 1] (mirrors, spec gateway.md §3.4: 0
 * never, 1 always). The random source is injectable so that tests are deterministic.
 */
public final class FractionSampler {
  private final DoubleSupplier random;

  /**
   * @param random uniform values in [0, 1); called from any thread
   */
  public FractionSampler(DoubleSupplier random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Samples with {@link ThreadLocalRandom}. */
  public static FractionSampler threadLocalRandom() {
    return new FractionSampler(() -> ThreadLocalRandom.current().nextDouble());
  }

  public boolean sample(double fraction) {
    if (fraction <= 0) {
      return false;
    }
    if (fraction >= 1) {
      return true;
    }
    return random.getAsDouble() < fraction;
  }
}
