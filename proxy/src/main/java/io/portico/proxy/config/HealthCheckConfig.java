package io.portico.proxy.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Active health checking of a cluster's endpoints (spec gateway.md §4.5 HealthCheck): a TCP
 * connect, or an HTTP GET of {@link #httpPath} whose status must be expected.
 *
 * @param httpPath empty = TCP connect check
 * @param expectedStatuses statuses that pass an HTTP check; empty = any 2xx
 * @param requestHeaders headers of the HTTP check request (a {@code host} replaces the default)
 * @param healthyPanicThreshold below this percentage of available endpoints, all get traffic
 * @param failTrafficOnPanic in panic, answer 503 instead
 */
public record HealthCheckConfig(
    Duration interval,
    Duration timeout,
    int unhealthyThreshold,
    int healthyThreshold,
    String httpPath,
    List<Integer> expectedStatuses,
    List<Header> requestHeaders,
    Duration initialJitter,
    Duration intervalJitter,
    int intervalJitterPercent,
    int healthyPanicThreshold,
    boolean failTrafficOnPanic) {
  /** Envoy's default healthy panic threshold, in percent. */
  public static final int DEFAULT_PANIC_THRESHOLD = 50;

  public HealthCheckConfig {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(httpPath, "httpPath");
    expectedStatuses = List.copyOf(expectedStatuses);
    requestHeaders = List.copyOf(requestHeaders);
    Objects.requireNonNull(initialJitter, "initialJitter");
    Objects.requireNonNull(intervalJitter, "intervalJitter");
  }

  public boolean isHttp() {
    return !httpPath.isEmpty();
  }

  /** Whether an HTTP check answered with {@code status} passes. */
  public boolean isExpected(int status) {
    return expectedStatuses.isEmpty()
        ? status >= 200 && status < 300
        : expectedStatuses.contains(status);
  }
}
