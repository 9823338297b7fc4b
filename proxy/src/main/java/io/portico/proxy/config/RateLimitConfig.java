package io.portico.proxy.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A route entry's local rate limit (spec gateway.md §4.5): at most {@code requests} per {@code
 * interval} through this proxy; a request beyond is answered locally with {@code status} and the
 * headers. Plain values: the tokens are a bucket the {@code bind} step hands out at {@code slot}.
 *
 * @param slot where the binding keeps this limit's bucket: the limit's index in {@link
 *     RuntimeConfig#rateLimits()}
 * @param key the route entry (listener, virtual host and route) across configs: a binding keeps the
 *     previous binding's bucket for the same key when {@link #isSameBucket} holds
 * @param status the status of the local answer (default 429)
 * @param setHeaders headers set on the answer ({@code append: false})
 * @param addHeaders headers added to the answer ({@code append: true})
 */
public record RateLimitConfig(
    int slot,
    String key,
    long requests,
    Duration interval,
    int status,
    List<Header> setHeaders,
    List<Header> addHeaders) {
  public RateLimitConfig {
    if (slot < 0) {
      throw new IllegalArgumentException("slot must not be negative, got " + slot);
    }
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(interval, "interval");
    setHeaders = List.copyOf(setHeaders);
    addHeaders = List.copyOf(addHeaders);
  }

  /**
   * Whether {@code other} (of an earlier config) counts in the same bucket as this limit: same
   * route entry, same {@code requests} and {@code interval}. The status and headers of the answer
   * may differ: changing them neither refills the bucket nor lets a burst through.
   */
  public boolean isSameBucket(RateLimitConfig other) {
    return key.equals(other.key) && requests == other.requests && interval.equals(other.interval);
  }
}
