package io.portico.proxy.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The buckets of the route entries, kept across config swaps: a config that keeps a route entry
 * (same key: listener, virtual host and route) with the same {@code requests} and {@code interval}
 * gets the very bucket the previous config used, so pushing an unrelated change (a new route, a new
 * endpoint, another policy) neither refills a bucket nor lets a burst through. A changed limit, or
 * a route entry that reappears after a config without it, starts with a full bucket.
 *
 * <p>Each compilation is a generation: buckets asked for by a compilation are marked with it, and
 * {@link #retainGeneration} (after a compilation succeeded) forgets the buckets it did not ask for.
 * A compilation that fails forgets nothing.
 */
public final class TokenBuckets {
  private record Entry(TokenBucket bucket, long generation) {}

  private final LongSupplier nanoTime;
  private final Map<String, Entry> buckets = new ConcurrentHashMap<>();
  private volatile long generation;

  public TokenBuckets(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Starts a compilation; returns its generation. */
  public synchronized long beginGeneration() {
    return ++generation;
  }

  /**
   * The bucket of a route entry for the current compilation: the one already kept under {@code key}
   * when its limit is the same, else a new full one.
   */
  public TokenBucket bucket(String key, long requests, Duration interval) {
    long current = generation;
    Entry entry =
        buckets.compute(
            key,
            (k, existing) ->
                existing != null
                        && existing.bucket().capacity() == requests
                        && existing.bucket().interval().equals(interval)
                    ? new Entry(existing.bucket(), Math.max(existing.generation(), current))
                    : new Entry(new TokenBucket(requests, interval, nanoTime), current));
    return entry.bucket();
  }

  /** Forgets the buckets that the compilation of {@code generation} did not ask for. */
  public synchronized void retainGeneration(long generation) {
    buckets.values().removeIf(entry -> entry.generation() < generation);
  }

  /** How many buckets are kept (for tests). */
  public int size() {
    return buckets.size();
  }
}
