package io.portico.proxy.upstream;

/**
 * A request refused because a circuit-breaker limit of its cluster is reached (spec gateway.md §4.5
 * CircuitBreaker thresholds). Shared instances without stack trace: overflow is an expected,
 * possibly frequent outcome.
 */
public final class UpstreamOverflowException extends Exception {
  static final UpstreamOverflowException MAX_CONNECTIONS =
      new UpstreamOverflowException("max_connections");
  static final UpstreamOverflowException MAX_PENDING_REQUESTS =
      new UpstreamOverflowException("max_pending_requests");
  static final UpstreamOverflowException MAX_REQUESTS =
      new UpstreamOverflowException("max_requests");

  private final String limit;

  private UpstreamOverflowException(String limit) {
    super("circuit breaker limit " + limit + " reached", null, false, false);
    this.limit = limit;
  }

  /** The limit reached: {@code max_connections}, {@code max_pending_requests}, ... */
  public String limit() {
    return limit;
  }
}
