package io.portico.proxy.upstream;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Health of one endpoint of one cluster: active health-check state, outlier-detection state and
 * whether its last connect failed. An endpoint is available for load balancing when none says
 * otherwise. Survives config swaps that keep the endpoint in the cluster.
 *
 * <p>Threading: {@link #flags} and the outlier counters are atomics (every event loop reports
 * outcomes); the health-check run counters are touched only by the event loop running the checks.
 */
final class EndpointHealth {
  /** The active health check says unhealthy (or has not passed yet). */
  static final int FAILED_HEALTH_CHECK = 1;

  /** Ejected by outlier detection. */
  static final int EJECTED = 2;

  /**
   * A connection to it could not be made (refused, reset or timed out while connecting): out of
   * load balancing until a {@link ReconnectProbe} connects again.
   */
  static final int UNREACHABLE = 4;

  final AtomicInteger flags = new AtomicInteger();

  // Outlier detection (any event loop).
  final AtomicInteger consecutive5xx = new AtomicInteger();
  final AtomicInteger consecutiveGatewayFailures = new AtomicInteger();
  final AtomicInteger consecutiveLocalFailures = new AtomicInteger();
  final AtomicInteger timesEjected = new AtomicInteger();
  final AtomicLong ejectedUntilNanos = new AtomicLong();
  final AtomicLong intervalSuccesses = new AtomicLong();
  final AtomicLong intervalFailures = new AtomicLong();

  // Active health checking (the checking event loop only; volatile for the admin server).
  volatile boolean hasBeenChecked;
  volatile int checkPasses;
  volatile int checkFailures;
  volatile long checksTotal;
  volatile long checksFailed;

  boolean isAvailable() {
    return flags.get() == 0;
  }

  boolean isEjected() {
    return (flags.get() & EJECTED) != 0;
  }

  boolean isUnreachable() {
    return (flags.get() & UNREACHABLE) != 0;
  }

  boolean isFailingHealthCheck() {
    return (flags.get() & FAILED_HEALTH_CHECK) != 0;
  }
}
