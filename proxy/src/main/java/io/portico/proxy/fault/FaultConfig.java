package io.portico.proxy.fault;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One FaultInjection at an inbound.
 *
 * @param name for logs
 * @param sources the request matches when its {@code x-kuma-tags} match one of these; none = every
 *     request
 * @param delayFraction share of requests delayed, 0..1 (0 with no delay)
 * @param delay how long
 * @param abortFraction share of requests aborted, 0..1
 * @param abortStatus the status they are answered with
 * @param bandwidthFraction share of responses throttled, 0..1
 * @param bandwidthBytesPerSecond the throttled rate
 */
public record FaultConfig(
    String name,
    List<KumaTagsMatcher> sources,
    double delayFraction,
    Duration delay,
    double abortFraction,
    int abortStatus,
    double bandwidthFraction,
    long bandwidthBytesPerSecond) {
  public FaultConfig {
    Objects.requireNonNull(name, "name");
    sources = List.copyOf(sources);
    Objects.requireNonNull(delay, "delay");
  }

  boolean matches(CharSequence kumaTags) {
    if (sources.isEmpty()) {
      return true;
    }
    for (KumaTagsMatcher source : sources) {
      if (source.matches(kumaTags)) {
        return true;
      }
    }
    return false;
  }
}
