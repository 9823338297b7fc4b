package io.portico.proxy.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Smooth weighted round-robin (the nginx algorithm) over a fixed set of choices: over every run of
 * {@code sum(weights)} consecutive picks, each choice is picked exactly its weight times, and picks
 * of one choice are spread out rather than bunched. Used for weighted clusters of a route and for
 * the endpoints of a cluster.
 *
 * <p>The schedule is computed once (weights are first divided by their greatest common divisor); a
 * pick is one atomic increment, so pickers are safe to share between event loops without locks and
 * deterministic for a given sequence of picks. A choice of weight 0 is never picked.
 *
 * @param <T> the choice
 */
public final class WeightedPicker<T> {
  /** Schedules longer than this are approximated by scaling the weights down. */
  static final int MAX_SCHEDULE = 4096;

  /** A choice and its relative weight. */
  public record Weighted<T>(T value, long weight) {
    public Weighted {
      Objects.requireNonNull(value, "value");
      if (weight < 0) {
        throw new IllegalArgumentException("weight must be >= 0, got " + weight);
      }
    }
  }

  private final List<Weighted<T>> choices;
  private final Object[] schedule;
  private final AtomicLong next = new AtomicLong();

  private WeightedPicker(List<Weighted<T>> choices) {
    this.choices = List.copyOf(choices);
    this.schedule = buildSchedule(this.choices);
  }

  /**
   * A picker over the given choices.
   *
   * @throws IllegalArgumentException when every weight is 0 but there are several choices; a single
   *     choice of weight 0 gets weight 1 (spec gateway.md §3.4)
   */
  public static <T> WeightedPicker<T> of(List<Weighted<T>> choices) {
    if (choices.size() == 1 && choices.get(0).weight() == 0) {
      return new WeightedPicker<>(List.of(new Weighted<>(choices.get(0).value(), 1)));
    }
    if (!choices.isEmpty() && choices.stream().allMatch(c -> c.weight() == 0)) {
      throw new IllegalArgumentException("at least one weight must be greater than 0");
    }
    return new WeightedPicker<>(choices);
  }

  /** Every choice with weight 1. */
  public static <T> WeightedPicker<T> uniform(List<T> values) {
    List<Weighted<T>> choices = new ArrayList<>(values.size());
    for (T value : values) {
      choices.add(new Weighted<>(value, 1));
    }
    return of(choices);
  }

  /** The next choice; {@code null} when there is none. */
  @SuppressWarnings("unchecked")
  public T pick() {
    if (schedule.length == 0) {
      return null;
    }
    if (schedule.length == 1) {
      return (T) schedule[0];
    }
    long tick = next.getAndIncrement();
    return (T) schedule[(int) Math.floorMod(tick, (long) schedule.length)];
  }

  public boolean isEmpty() {
    return schedule.length == 0;
  }

  public List<Weighted<T>> choices() {
    return choices;
  }

  /** How many picks make one full round, in which every choice gets exactly its share. */
  public int period() {
    return schedule.length;
  }

  private static <T> Object[] buildSchedule(List<Weighted<T>> choices) {
    long gcd = 0;
    long total = 0;
    for (Weighted<T> c : choices) {
      gcd = gcd(gcd, c.weight());
      total += c.weight();
    }
    if (total == 0) {
      return new Object[0];
    }
    long[] weights = new long[choices.size()];
    long sum = 0;
    for (int i = 0; i < weights.length; i++) {
      weights[i] = choices.get(i).weight() / gcd;
      sum += weights[i];
    }
    if (sum > MAX_SCHEDULE) {
      sum = 0;
      for (int i = 0; i < weights.length; i++) {
        long w = choices.get(i).weight();
        weights[i] = w == 0 ? 0 : Math.max(1, w * MAX_SCHEDULE / total);
        sum += weights[i];
      }
    }
    Object[] schedule = new Object[(int) sum];
    long[] current = new long[weights.length];
    for (int slot = 0; slot < schedule.length; slot++) {
      int best = -1;
      for (int i = 0; i < weights.length; i++) {
        current[i] += weights[i];
        if (weights[i] > 0 && (best < 0 || current[i] > current[best])) {
          best = i;
        }
      }
      current[best] -= sum;
      schedule[slot] = choices.get(best).value();
    }
    return schedule;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  @Override
  public String toString() {
    return "WeightedPicker" + choices;
  }
}
