package io.portico.proxy.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A local token bucket as Envoy's {@code local_ratelimit} builds it for a RateLimit policy (spec
 * gateway.md §4.5): capacity {@code requests}, refilled with {@code requests} tokens every {@code
 * interval}, counted from the bucket's creation. Because a refill always fills the bucket, this is
 * exactly a fixed window of {@code requests} per interval, which is how it is kept: one {@link
 * AtomicLong} packs the window number (high 32 bits) and the tokens taken in it (low 32 bits), so a
 * take is one read and one compare-and-set, shared by every event loop without locks.
 *
 * <p>The window number wraps after 2³² intervals; a bucket left untouched for exactly a multiple of
 * that many intervals would see its old count again for one window (49 days at 1 ms intervals).
 */
public final class TokenBucket {
  private final long capacity;
  private final long intervalNanos;
  private final long originNanos;
  private final LongSupplier nanoTime;
  private final AtomicLong state = new AtomicLong();

  /**
   * A full bucket.
   *
   * @param capacity tokens per interval, 1 to 2³² − 1
   * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime} in production)
   */
  public TokenBucket(long capacity, Duration interval, LongSupplier nanoTime) {
    if (capacity < 1 || capacity > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("capacity must be in [1, 2^32-1], got " + capacity);
    }
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("interval must be positive, got " + interval);
    }
    this.capacity = capacity;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
    this.originNanos = nanoTime.getAsLong();
  }

  public long capacity() {
    return capacity;
  }

  public Duration interval() {
    return Duration.ofNanos(intervalNanos);
  }

  /** Takes a token; {@code false} when the bucket is empty (the request is limited). */
  public boolean tryTake() {
    int window = (int) ((nanoTime.getAsLong() - originNanos) / intervalNanos);
    while (true) {
      long current = state.get();
      int currentWindow = (int) (current >>> 32);
      long taken = current & 0xFFFF_FFFFL;
      if (window - currentWindow > 0) {
        // A later window: the bucket was refilled.
        if (state.compareAndSet(current, ((long) window << 32) | 1L)) {
          return true;
        }
        continue;
      }
      // Same window (or a reader whose clock read is older than another's): count in it.
      if (taken >= capacity) {
        return false;
      }
      if (state.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  /** Tokens left in the current window (for the admin page and tests). */
  public long available() {
    int window = (int) ((nanoTime.getAsLong() - originNanos) / intervalNanos);
    long current = state.get();
    if (window - (int) (current >>> 32) > 0) {
      return capacity;
    }
    return capacity - (current & 0xFFFF_FFFFL);
  }
}
