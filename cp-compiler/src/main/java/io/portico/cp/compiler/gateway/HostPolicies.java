package io.portico.cp.compiler.gateway;

import io.portico.cp.compiler.context.MeshContext;
import io.portico.cp.compiler.plan.ClusterPlan.ClusterPolicies;
import io.portico.cp.compiler.plan.RoutePolicyPlan;
import io.portico.cp.compiler.plan.RoutePolicyPlan.RetryProtocol;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.policy.CircuitBreakerSpec;
import io.portico.mesh.api.policy.HealthCheckSpec;
import io.portico.mesh.api.policy.RateLimitSpec;
import io.portico.mesh.api.policy.RetrySpec;
import io.portico.mesh.api.policy.TimeoutSpec;
import io.portico.mesh.api.policy.match.GatewayPolicies;
import io.portico.mesh.api.policy.match.RankedPolicy;
import io.portico.mesh.api.types.ResourceTypes;
import java.util.List;
import java.util.Map;

/**
 * The connection policies a gateway host may use (spec/gateway.md §4.2): per type, the policies
 * whose {@code sources} match the host's listener merged tags. Implicit hosts use the {@code *}
 * listener's. FaultInjection is not applied by the gateway in 2.0 (§4.1) and is not collected.
 *
 * @param timeouts Timeout candidates
 * @param retries Retry candidates
 * @param circuitBreakers CircuitBreaker candidates
 * @param healthChecks HealthCheck candidates
 * @param rateLimits RateLimit candidates
 */
public record HostPolicies(
    List<RankedPolicy<TimeoutSpec>> timeouts,
    List<RankedPolicy<RetrySpec>> retries,
    List<RankedPolicy<CircuitBreakerSpec>> circuitBreakers,
    List<RankedPolicy<HealthCheckSpec>> healthChecks,
    List<RankedPolicy<RateLimitSpec>> rateLimits) {
  public HostPolicies {
    timeouts = List.copyOf(timeouts);
    retries = List.copyOf(retries);
    circuitBreakers = List.copyOf(circuitBreakers);
    healthChecks = List.copyOf(healthChecks);
    rateLimits = List.copyOf(rateLimits);
  }

  /** The candidates of a listener with these merged tags (§4.2). */
  public static HostPolicies forListener(MeshContext mesh, Map<String, String> listenerTags) {
    return new HostPolicies(
        GatewayPolicies.sourceCandidates(mesh.policies(ResourceTypes.TIMEOUT), listenerTags),
        GatewayPolicies.sourceCandidates(mesh.policies(ResourceTypes.RETRY), listenerTags),
        GatewayPolicies.sourceCandidates(
            mesh.policies(ResourceTypes.CIRCUIT_BREAKER), listenerTags),
        GatewayPolicies.sourceCandidates(mesh.policies(ResourceTypes.HEALTH_CHECK), listenerTags),
        GatewayPolicies.sourceCandidates(mesh.policies(ResourceTypes.RATE_LIMIT), listenerTags));
  }

  /**
   * The policies of the cluster of one backend (or mirror) destination (§4.3): per type, the
   * candidate with the best source + destination rank against the destination tags, the newest on
   * ties.
   */
  public ClusterPolicies forDestination(Map<String, String> destination) {
    return new ClusterPolicies(
        GatewayPolicies.bestForDestination(timeouts, destination).orElse(null),
        GatewayPolicies.bestForDestination(circuitBreakers, destination).orElse(null),
        GatewayPolicies.bestForDestination(healthChecks, destination).orElse(null));
  }

  /**
   * The Retry for a TCP port forwarding to these backends (§2.9: the best across all backends, as
   * for a route entry, §4.4); empty when none applies.
   */
  public java.util.Optional<Resource<RetrySpec>> tcpRetry(
      List<Map<String, String>> backendDestinations) {
    return GatewayPolicies.bestForRoute(retries, backendDestinations);
  }

  /**
   * The per-route policies of an entry forwarding to these backends (§4.4): per type, among the
   * backends' §4.3 winners, those naming the backend's service or {@code *}, the {@code *} ones
   * preferred, the oldest winning. The route timeout is the Timeout winner's {@code
   * http.requestTimeout} (§4.5).
   *
   * @param backendDestinations destination tags of the forwarding backends (mirrors excluded)
   * @param retryProtocol which section of the Retry applies
   */
  public RoutePolicyPlan forRoute(
      List<Map<String, String>> backendDestinations, RetryProtocol retryProtocol) {
    Resource<TimeoutSpec> timeout =
        GatewayPolicies.bestForRoute(timeouts, backendDestinations).orElse(null);
    return new RoutePolicyPlan(
        timeout,
        RoutePolicyPlan.requestTimeout(timeout),
        GatewayPolicies.bestForRoute(retries, backendDestinations).orElse(null),
        retryProtocol,
        GatewayPolicies.bestForRoute(rateLimits, backendDestinations).orElse(null));
  }
}
