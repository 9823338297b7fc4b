package io.portico.proxy.stream;

import java.util.random.RandomGenerator;

/** A random source that always picks the highest, or the lowest, value of a bounded range. */
final class FakeRandom implements RandomGenerator {
  private final boolean isHighest;

  private FakeRandom(boolean isHighest) {
    this.isHighest = isHighest;
  }

  /** Picks {@code bound - 1} of {@code [origin, bound)}: the longest delay of a backoff window. */
  static FakeRandom highest() {
    return new FakeRandom(true);
  }

  /** Picks {@code origin} of {@code [origin, bound)}: the shortest delay of a backoff window. */
  static FakeRandom lowest() {
    return new FakeRandom(false);
  }

  @Override
  public long nextLong(long origin, long bound) {
    if (origin >= bound) {
      throw new IllegalArgumentException("empty range [" + origin + ", " + bound + ")");
    }
    return isHighest ? bound - 1 : origin;
  }

  @Override
  public long nextLong() {
    throw new UnsupportedOperationException("only bounded ranges are faked");
  }
}
