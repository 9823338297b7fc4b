package io.portico.proxy.stream;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The wait between attempts to open the config stream: "full jitter" (M. Brooker, <a
 * href="https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/">Exponential
 * Backoff And Jitter</a>) above a floor. After the {@code n}-th consecutive failure ({@code n = 0}
 * for the first) the delay is uniformly random in {@code [base, min(cap, base × 2^(n+1))]}: the
 * window doubles per failure until it reaches the cap, and every delay is at least {@code base} and
 * at most {@code cap}.
 *
 * <p>Why {@link #DEFAULT} is 250 ms to 750 ms (docs/adr/0005, issue 10):
 *
 * <ul>
 *   <li>A proxy must resume its stream within 1 s of the control plane being ready again. Its next
 *       attempt starts at most {@code cap} after the attempt that found the control plane down; 750
 *       ms leaves a quarter of a second for TCP, TLS and the Hello.
 *   <li>Proxies cut off together must not come back together: the first retry is spread over 250 ms
 *       (1,000 proxies: about 4 a millisecond), later ones over 500 ms, so their phases drift apart
 *       while the control plane is down.
 *   <li>The floor bounds the load on a control plane that is down or not ready: at most 4 attempts
 *       a second per proxy, 2 on average. An attempt against a stopped process costs a refused TCP
 *       connect; against one that answers UNAVAILABLE (store down) a TLS handshake and a Hello.
 * </ul>
 *
 * Against an address that drops packets, an attempt also waits for the connect timeout ({@link
 * ControlPlaneChannel#CONNECT_TIMEOUT}) before this delay starts.
 *
 * @param base the shortest delay, and half the first window's upper bound
 * @param cap the longest delay
 */
public record Backoff(Duration base, Duration cap) {
  /** 250 ms to at most 750 ms. */
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofMillis(750));

  public Backoff {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(cap, "cap");
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("backoff base " + base + ": expected > 0");
    }
    if (cap.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "backoff cap " + cap + ": expected at least the base " + base);
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
    return Duration.ofNanos(random.nextLong(base.toNanos(), ceiling(failures).toNanos() + 1));
  }

  /** The longest delay after {@code failures} consecutive failures. */
  Duration ceiling(int failures) {
    long baseNanos = base.toNanos();
    long capNanos = cap.toNanos();
    long ceiling = baseNanos;
    for (int i = 0; i <= failures && ceiling < capNanos; i++) {
      ceiling = ceiling > capNanos / 2 ? capNanos : ceiling * 2;
    }
    return Duration.ofNanos(Math.min(ceiling, capNanos));
  }
}
