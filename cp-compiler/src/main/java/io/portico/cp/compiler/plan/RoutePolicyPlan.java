package io.portico.cp.compiler.plan;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.policy.RateLimitSpec;
import io.portico.mesh.api.policy.RetrySpec;
import io.portico.mesh.api.policy.TimeoutSpec;
import java.time.Duration;

/**
 * The per-route policies: which Timeout, Retry and RateLimit won for the route, and the timeout it
 * yields.
 *
 * @param timeoutPolicy the Timeout whose {@code http.requestTimeout} applies; null = none
 * @param timeout the route timeout; null = the proxy's default (15 s), zero = disabled
 * @param retry the Retry that applies; null = no retries
 * @param retryProtocol which section of the Retry applies
 * @param rateLimit the RateLimit that applies; null = none
 */
public record RoutePolicyPlan(
    Resource<TimeoutSpec> timeoutPolicy,
    Duration timeout,
    Resource<RetrySpec> retry,
    RetryProtocol retryProtocol,
    Resource<RateLimitSpec> rateLimit) {
  /** No policy at all: proxy defaults. */
  public static final RoutePolicyPlan NONE =
      new RoutePolicyPlan(null, null, null, RetryProtocol.HTTP, null);

  public RoutePolicyPlan {
    retryProtocol = retryProtocol == null ? RetryProtocol.HTTP : retryProtocol;
  }

  /**
   * The route timeout a Timeout policy gives (spec/gateway.md §4.5): its {@code
   * http.requestTimeout}, unset (proxy default) when the policy has none or zero.
   */
  public static Duration requestTimeout(Resource<TimeoutSpec> timeout) {
    if (timeout == null || timeout.spec().conf() == null || timeout.spec().conf().http() == null) {
      return null;
    }
    Duration request = timeout.spec().conf().http().requestTimeout();
    return request == null || request.isZero() || request.isNegative() ? null : request;
  }

  /** Which section of a Retry policy applies to a route (spec/gateway.md §4.5). */
  public enum RetryProtocol {
    /** {@code conf.http}. */
    HTTP,
    /** {@code conf.grpc}. */
    GRPC
  }
}
