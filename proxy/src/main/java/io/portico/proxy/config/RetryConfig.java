package io.portico.proxy.config;

import java.time.Duration;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A route's retry policy (spec gateway.md §4.5, Envoy's {@code retry_policy}): when a try fails in
 * one of the {@link #retryOn} ways, the request is sent again, to another endpoint of the same
 * cluster when there is one, up to {@link #numRetries} more times, after a jittered exponential
 * back-off.
 *
 * @param numRetries how many tries after the first; 0 = none
 * @param perTryTimeout how long one try may wait for its response head; {@link Duration#ZERO} = no
 *     per-try limit (the route timeout still bounds the whole request)
 * @param baseInterval first back-off bound (Envoy's default 25 ms)
 * @param maxInterval largest back-off (Envoy's default 10 × base)
 * @param retryOn the conditions that allow a retry
 * @param retriableStatusCodes statuses retried under {@link Condition#RETRIABLE_STATUS_CODES}
 * @param retriableMethods request methods that may be retried; empty = every method
 */
public record RetryConfig(
    int numRetries,
    Duration perTryTimeout,
    Duration baseInterval,
    Duration maxInterval,
    Set<Condition> retryOn,
    BitSet retriableStatusCodes,
    Set<String> retriableMethods) {
  /** Envoy's default back-off base interval. */
  public static final Duration DEFAULT_BASE_INTERVAL = Duration.ofMillis(25);

  /** No retries. */
  public static final RetryConfig NONE =
      new RetryConfig(
          0,
          Duration.ZERO,
          DEFAULT_BASE_INTERVAL,
          DEFAULT_BASE_INTERVAL.multipliedBy(10),
          Set.of(),
          new BitSet(),
          Set.of());

  /** How a try can fail such that a retry may help (Envoy's {@code retry_on} names). */
  public enum Condition {
    /** Any 5xx response, and no response at all (connect failure, reset, per-try timeout). */
    FIVE_XX("5xx"),
    /** 502, 503 or 504, and no response at all (connect failure, reset, per-try timeout). */
    GATEWAY_ERROR("gateway-error"),
    /** The connection could not be made. */
    CONNECT_FAILURE("connect-failure"),
    /** The upstream closed or reset before the response head (includes per-try timeouts). */
    RESET("reset"),
    /** An HTTP/2 upstream refused the stream (REFUSED_STREAM). */
    REFUSED_STREAM("refused-stream"),
    /** A status listed in {@link #retriableStatusCodes}. */
    RETRIABLE_STATUS_CODES("retriable-status-codes"),
    /** 409 Conflict. */
    RETRIABLE_4XX("retriable-4xx"),
    /** The response carries {@code x-envoy-ratelimited}. */
    ENVOY_RATELIMITED("envoy-ratelimited"),
    /** gRPC status 1 in the response head. */
    GRPC_CANCELLED("cancelled"),
    /** gRPC status 4. */
    GRPC_DEADLINE_EXCEEDED("deadline-exceeded"),
    /** gRPC status 8. */
    GRPC_RESOURCE_EXHAUSTED("resource-exhausted"),
    /** gRPC status 13. */
    GRPC_INTERNAL("internal"),
    /** gRPC status 14. */
    GRPC_UNAVAILABLE("unavailable");

    private final String wireName;

    Condition(String wireName) {
      this.wireName = wireName;
    }

    /** The name in {@code RetryPolicy.retry_on}. */
    public String wireName() {
      return wireName;
    }

    /** The condition of a {@code retry_on} name; {@code null} when unknown. */
    public static Condition ofWireName(String name) {
      for (Condition c : values()) {
        if (c.wireName.equals(name)) {
          return c;
        }
      }
      return null;
    }
  }

  /** What ended a try without a usable response, for {@link #retriesOnFailure}. */
  public enum Failure {
    CONNECT_FAILURE,
    RESET,
    REFUSED_STREAM,
    PER_TRY_TIMEOUT
  }

  public RetryConfig {
    if (numRetries < 0) {
      throw new IllegalArgumentException("numRetries must be >= 0, got " + numRetries);
    }
    Objects.requireNonNull(perTryTimeout, "perTryTimeout");
    Objects.requireNonNull(baseInterval, "baseInterval");
    Objects.requireNonNull(maxInterval, "maxInterval");
    retryOn = retryOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(retryOn));
    retriableStatusCodes = (BitSet) retriableStatusCodes.clone();
    retriableMethods = Set.copyOf(retriableMethods);
  }

  /** Whether this policy retries at all. */
  public boolean isEnabled() {
    return numRetries > 0 && !retryOn.isEmpty();
  }

  /** Whether requests of this method may be retried. */
  public boolean allowsMethod(String method) {
    return retriableMethods.isEmpty() || retriableMethods.contains(method);
  }

  /**
   * Whether a response head with this status (and, for gRPC, {@code grpc-status}; -1 = absent) is
   * worth a retry.
   *
   * @param isRateLimited whether the response carries {@code x-envoy-ratelimited}
   */
  public boolean retriesOnResponse(int status, int grpcStatus, boolean isRateLimited) {
    if (status >= 500 && retryOn.contains(Condition.FIVE_XX)) {
      return true;
    }
    if ((status == 502 || status == 503 || status == 504)
        && retryOn.contains(Condition.GATEWAY_ERROR)) {
      return true;
    }
    if (status == 409 && retryOn.contains(Condition.RETRIABLE_4XX)) {
      return true;
    }
    if (status >= 0
        && retriableStatusCodes.get(status)
        && retryOn.contains(Condition.RETRIABLE_STATUS_CODES)) {
      return true;
    }
    if (isRateLimited && retryOn.contains(Condition.ENVOY_RATELIMITED)) {
      return true;
    }
    return switch (grpcStatus) {
      case 1 -> retryOn.contains(Condition.GRPC_CANCELLED);
      case 4 -> retryOn.contains(Condition.GRPC_DEADLINE_EXCEEDED);
      case 8 -> retryOn.contains(Condition.GRPC_RESOURCE_EXHAUSTED);
      case 13 -> retryOn.contains(Condition.GRPC_INTERNAL);
      case 14 -> retryOn.contains(Condition.GRPC_UNAVAILABLE);
      default -> false;
    };
  }

  /** Whether a try that ended without a response this way is worth a retry (Envoy's rules). */
  public boolean retriesOnFailure(Failure failure) {
    if (retryOn.contains(Condition.FIVE_XX)
        || retryOn.contains(Condition.GATEWAY_ERROR)
        || retryOn.contains(Condition.RESET)) {
      return true;
    }
    return switch (failure) {
      case CONNECT_FAILURE -> retryOn.contains(Condition.CONNECT_FAILURE);
      case REFUSED_STREAM -> retryOn.contains(Condition.REFUSED_STREAM);
      case RESET, PER_TRY_TIMEOUT -> false;
    };
  }
}
