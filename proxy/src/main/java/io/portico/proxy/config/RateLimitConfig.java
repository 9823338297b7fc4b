package io.portico.proxy.config;

import io.portico.proxy.ratelimit.TokenBucket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A route entry's local rate limit (spec gateway.md §4.5): at most {@code requests} per {@code
 * interval} through this proxy; a request beyond is answered locally with {@code status} and the
 * headers. Equality is by settings, not by bucket state.
 *
 * @param status the status of the local answer (default 429)
 * @param setHeaders headers set on the answer ({@code append: false})
 * @param addHeaders headers added to the answer ({@code append: true})
 * @param bucket the tokens, shared by every event loop (and kept across config swaps)
 */
public record RateLimitConfig(
    long requests,
    Duration interval,
    int status,
    List<Header> setHeaders,
    List<Header> addHeaders,
    TokenBucket bucket) {
  public RateLimitConfig {
    Objects.requireNonNull(interval, "interval");
    setHeaders = List.copyOf(setHeaders);
    addHeaders = List.copyOf(addHeaders);
    Objects.requireNonNull(bucket, "bucket");
  }

  /** Takes a token; {@code false} when the request must be limited. */
  public boolean tryTake() {
    return bucket.tryTake();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RateLimitConfig r
        && requests == r.requests
        && interval.equals(r.interval)
        && status == r.status
        && setHeaders.equals(r.setHeaders)
        && addHeaders.equals(r.addHeaders);
  }

  @Override
  public int hashCode() {
    return Objects.hash(requests, interval, status, setHeaders, addHeaders);
  }

  @Override
  public String toString() {
    return "RateLimitConfig[" + requests + " per " + interval + ", status " + status + "]";
  }
}
