package io.portico.cp.compiler.gateway;

import io.portico.cp.compiler.context.MeshContext;
import io.portico.cp.compiler.plan.ClusterPlan.ClusterPolicies;
import io.portico.cp.compiler.plan.RoutePolicyPlan;
import io.portico.cp.compiler.plan.RoutePolicyPlan.RetryProtocol;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.policy.CircuitBreakerSpec;
import io.portico.mesh.api.policy.ConnectionPolicySpec;
import io.portico.mesh.api.policy.HealthCheckSpec;
import io.portico.mesh.api.policy.RateLimitSpec;
import io.portico.mesh.api.policy.RetrySpec;
import io.portico.mesh.api.policy.TimeoutSpec;
import io.portico.mesh.api.policy.match.GatewayPolicies;
import io.portico.mesh.api.policy.match.GatewayPolicies.DestinationWinner;
import io.portico.mesh.api.policy.match.RankedPolicy;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.TagRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The connection policies a gateway host may use (spec/gateway.md §4.2): per type, the policies
 * whose {@code sources} match the host's listener merged tags. Implicit hosts use the {@code *}
 * listener's. FaultInjection is not applied by the gateway in 2.0 (§4.1) and is not collected.
 *
 * <p>A gateway has many route entries toward few destinations: the §4.3 winners of each destination
 * are computed once and remembered, and only the candidates that can match a destination's {@code
 * kuma.io/service} are tried ({@link ServiceCandidates}). One instance per compilation, confined to
 * its caller.
 */
public final class HostPolicies {
  private final ServiceCandidates<TimeoutSpec> timeouts;
  private final ServiceCandidates<RetrySpec> retries;
  private final ServiceCandidates<CircuitBreakerSpec> circuitBreakers;
  private final ServiceCandidates<HealthCheckSpec> healthChecks;
  private final ServiceCandidates<RateLimitSpec> rateLimits;
  private final Map<Map<String, String>, Winners> winnersByDestination = new HashMap<>();

  /**
   * @param timeouts Timeout candidates
   * @param retries Retry candidates
   * @param circuitBreakers CircuitBreaker candidates
   * @param healthChecks HealthCheck candidates
   * @param rateLimits RateLimit candidates
   */
  public HostPolicies(
      List<RankedPolicy<TimeoutSpec>> timeouts,
      List<RankedPolicy<RetrySpec>> retries,
      List<RankedPolicy<CircuitBreakerSpec>> circuitBreakers,
      List<RankedPolicy<HealthCheckSpec>> healthChecks,
      List<RankedPolicy<RateLimitSpec>> rateLimits) {
    this.timeouts = new ServiceCandidates<>(timeouts);
    this.retries = new ServiceCandidates<>(retries);
    this.circuitBreakers = new ServiceCandidates<>(circuitBreakers);
    this.healthChecks = new ServiceCandidates<>(healthChecks);
    this.rateLimits = new ServiceCandidates<>(rateLimits);
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
    return winners(destination).cluster();
  }

  /**
   * The Retry for a TCP port forwarding to these backends (§2.9: the best across all backends, as
   * for a route entry, §4.4); empty when none applies.
   */
  public Optional<Resource<RetrySpec>> tcpRetry(List<Map<String, String>> backendDestinations) {
    List<DestinationWinner<RetrySpec>> retry = new ArrayList<>();
    for (Map<String, String> destination : backendDestinations) {
      add(retry, destination, winners(destination).retry());
    }
    return GatewayPolicies.bestForRoute(retry);
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
    List<DestinationWinner<TimeoutSpec>> timeout = new ArrayList<>();
    List<DestinationWinner<RetrySpec>> retry = new ArrayList<>();
    List<DestinationWinner<RateLimitSpec>> rateLimit = new ArrayList<>();
    for (Map<String, String> destination : backendDestinations) {
      Winners winners = winners(destination);
      add(timeout, destination, winners.cluster().timeout());
      add(retry, destination, winners.retry());
      add(rateLimit, destination, winners.rateLimit());
    }
    Resource<TimeoutSpec> routeTimeout = GatewayPolicies.bestForRoute(timeout).orElse(null);
    return new RoutePolicyPlan(
        routeTimeout,
        RoutePolicyPlan.requestTimeout(routeTimeout),
        GatewayPolicies.bestForRoute(retry).orElse(null),
        retryProtocol,
        GatewayPolicies.bestForRoute(rateLimit).orElse(null));
  }

  private static <S extends ConnectionPolicySpec> void add(
      List<DestinationWinner<S>> winners, Map<String, String> destination, Resource<S> policy) {
    if (policy != null) {
      winners.add(new DestinationWinner<>(destination, policy));
    }
  }

  private Winners winners(Map<String, String> destination) {
    Winners winners = winnersByDestination.get(destination);
    if (winners == null) {
      Map<String, String> key = Map.copyOf(destination);
      winners =
          new Winners(
              new ClusterPolicies(
                  timeouts.bestFor(key), circuitBreakers.bestFor(key), healthChecks.bestFor(key)),
              retries.bestFor(key),
              rateLimits.bestFor(key));
      winnersByDestination.put(key, winners);
    }
    return winners;
  }

  /** The §4.3 winners of one destination, per type; null where none. */
  private record Winners(
      ClusterPolicies cluster, Resource<RetrySpec> retry, Resource<RateLimitSpec> rateLimit) {}

  /**
   * The candidates of one policy type grouped by the {@code kuma.io/service} their {@code
   * destinations} selectors can match: a candidate with a selector without that tag, or with {@code
   * *}, may match any destination; the others only destinations of the services they name. The
   * candidates of a service keep the listener's order; the winner among them is the one {@link
   * GatewayPolicies#bestForDestination} picks among all candidates, since the others cannot match.
   */
  static final class ServiceCandidates<S extends ConnectionPolicySpec> {
    private final List<RankedPolicy<S>> all;

    /** Positions in {@link #all} of the candidates that may match any service. */
    private final List<Integer> anyService = new ArrayList<>();

    /** Positions in {@link #all} of the other candidates, by each service they name. */
    private final Map<String, List<Integer>> byNamedService = new HashMap<>();

    private final Map<String, List<RankedPolicy<S>>> byService = new HashMap<>();

    ServiceCandidates(List<RankedPolicy<S>> candidates) {
      this.all = List.copyOf(candidates);
      for (int i = 0; i < all.size(); i++) {
        Set<String> named = new LinkedHashSet<>();
        boolean isAny = false;
        for (Selector selector : all.get(i).policy().spec().destinations()) {
          if (selector == null) {
            continue;
          }
          String service = selector.match().get(TagRules.SERVICE);
          if (service == null || service.equals(Selector.WILDCARD)) {
            isAny = true;
            break;
          }
          named.add(service);
        }
        if (isAny) {
          anyService.add(i);
        } else {
          for (String service : named) {
            byNamedService.computeIfAbsent(service, n -> new ArrayList<>()).add(i);
          }
        }
      }
    }

    /**
     * The candidates that may match a destination of {@code service}, in the listener's order; null
     * for a destination without {@code kuma.io/service}.
     */
    List<RankedPolicy<S>> forService(String service) {
      return byService.computeIfAbsent(service, this::candidatesOf);
    }

    private List<RankedPolicy<S>> candidatesOf(String service) {
      List<Integer> named =
          service == null ? List.of() : byNamedService.getOrDefault(service, List.of());
      List<RankedPolicy<S>> out = new ArrayList<>(anyService.size() + named.size());
      int a = 0;
      int n = 0;
      while (a < anyService.size() || n < named.size()) {
        boolean takeAny =
            n == named.size() || (a < anyService.size() && anyService.get(a) < named.get(n));
        out.add(all.get(takeAny ? anyService.get(a++) : named.get(n++)));
      }
      return List.copyOf(out);
    }

    Resource<S> bestFor(Map<String, String> destination) {
      return GatewayPolicies.bestForDestination(
              forService(destination.get(TagRules.SERVICE)), destination)
          .orElse(null);
    }
  }
}
