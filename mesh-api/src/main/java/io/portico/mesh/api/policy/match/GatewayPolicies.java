package io.portico.mesh.api.policy.match;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.TagRank;
import io.portico.mesh.api.policy.ConnectionPolicySpec;
import io.portico.mesh.api.validation.TagRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Connection policy matching on builtin gateways (spec/gateway.md §4.2–4.4) for CircuitBreaker,
 * FaultInjection, HealthCheck, RateLimit, Retry and Timeout.
 *
 * <ol>
 *   <li>{@link #sourceCandidates}: per listener (host), the policies with a {@code sources}
 *       selector matching the listener's merged tags, ranked by the <b>first</b> such selector.
 *   <li>{@link #bestForDestination}: per backend destination, the candidate whose first matching
 *       {@code destinations} selector gives the highest combined rank; ties go to the
 *       <b>newest</b>. It configures that destination's cluster.
 *   <li>{@link #bestForRoute}: per route entry forwarding to several backends, one policy among the
 *       backends' winners: those whose destination selector names the backend's service or {@code
 *       *}, the {@code *} group preferred, then the <b>oldest</b>.
 * </ol>
 *
 * <p>A gateway's TrafficLog is matched like a sidecar's outbound toward the reserved service:
 * {@code OutboundPolicies.best(logs, gatewayTags, OutboundPolicies.PASS_THROUGH_SERVICE)}
 * (spec/core.md §3.3). TrafficTrace and ProxyTemplate use {@link DataplanePolicies} with the
 * gateway tags.
 */
public final class GatewayPolicies {
  private GatewayPolicies() {}

  /**
   * One backend destination of a route entry and the policy that won for it (§4.3).
   *
   * @param destination the backend's destination tags (with {@code kuma.io/service})
   * @param policy the winner for that destination
   * @param <S> the policy spec type
   */
  public record DestinationWinner<S extends ConnectionPolicySpec>(
      Map<String, String> destination, Resource<S> policy) {
    public DestinationWinner {
      destination = Map.copyOf(destination);
      Objects.requireNonNull(policy, "policy");
    }
  }

  /**
   * The policies of one type whose {@code sources} match a gateway listener (§4.2), each ranked by
   * its first matching source selector in declaration order.
   *
   * @param policies every policy of one type in the mesh
   * @param listenerTags the listener's merged tags (dataplane gateway tags, MeshGateway tags,
   *     listener tags)
   */
  public static <S extends ConnectionPolicySpec> List<RankedPolicy<S>> sourceCandidates(
      List<Resource<S>> policies, Map<String, String> listenerTags) {
    List<RankedPolicy<S>> out = new ArrayList<>();
    for (Resource<S> policy : policies) {
      PolicyPrecedence.firstMatch(policy.spec().sources(), listenerTags)
          .ifPresent(rank -> out.add(new RankedPolicy<>(policy, rank)));
    }
    return out;
  }

  /**
   * The candidate that configures the cluster of one backend destination (§4.3): score = source
   * rank + rank of the first {@code destinations} selector matching the destination tags; the
   * highest score wins, the newest on ties.
   *
   * @param candidates the listener's candidates from {@link #sourceCandidates}
   * @param destinationTags the route backend's destination tag map (not endpoint tags)
   */
  public static <S extends ConnectionPolicySpec> Optional<Resource<S>> bestForDestination(
      List<RankedPolicy<S>> candidates, Map<String, String> destinationTags) {
    RankedPolicy<S> best = null;
    for (RankedPolicy<S> candidate : candidates) {
      Optional<TagRank> destination =
          PolicyPrecedence.firstMatch(candidate.policy().spec().destinations(), destinationTags);
      if (destination.isEmpty()) {
        continue;
      }
      RankedPolicy<S> scored =
          new RankedPolicy<>(candidate.policy(), candidate.rank().plus(destination.get()));
      if (best == null || PolicyPrecedence.MOST_SPECIFIC_FIRST.compare(scored, best) < 0) {
        best = scored;
      }
    }
    return Optional.ofNullable(best).map(RankedPolicy::policy);
  }

  /**
   * The one policy for a route entry forwarding to several backends (§4.4), from the listener's
   * candidates: the §4.3 winner of each backend, then {@link #bestForRoute(List)}.
   *
   * @param candidates the listener's candidates from {@link #sourceCandidates}
   * @param backendDestinations the destination tags of each forwarding backend (mirrors excluded)
   */
  public static <S extends ConnectionPolicySpec> Optional<Resource<S>> bestForRoute(
      List<RankedPolicy<S>> candidates, List<Map<String, String>> backendDestinations) {
    List<DestinationWinner<S>> winners = new ArrayList<>();
    for (Map<String, String> destination : backendDestinations) {
      bestForDestination(candidates, destination)
          .ifPresent(p -> winners.add(new DestinationWinner<>(destination, p)));
    }
    return bestForRoute(winners);
  }

  /**
   * The one policy for a route entry among its backends' winners (§4.4).
   *
   * <ol>
   *   <li>Winners are taken once each, by name, in backend order.
   *   <li>A winner is kept under each of its destination selectors whose {@code kuma.io/service}
   *       equals its backend's service or is {@code *}.
   *   <li>The {@code *} group is preferred; if empty, every kept winner is a candidate.
   *   <li>The oldest candidate wins; none means the feature is not configured on the route.
   * </ol>
   */
  public static <S extends ConnectionPolicySpec> Optional<Resource<S>> bestForRoute(
      List<DestinationWinner<S>> winners) {
    Set<String> seen = new HashSet<>();
    Map<String, List<Resource<S>>> byService = new LinkedHashMap<>();
    for (DestinationWinner<S> winner : winners) {
      if (!seen.add(winner.policy().name())) {
        continue;
      }
      String backendService = winner.destination().get(TagRules.SERVICE);
      for (Selector selector : winner.policy().spec().destinations()) {
        if (selector == null) {
          continue;
        }
        String service = selector.match().get(TagRules.SERVICE);
        if (service != null
            && (service.equals(backendService) || service.equals(Selector.WILDCARD))) {
          byService.computeIfAbsent(service, s -> new ArrayList<>()).add(winner.policy());
        }
      }
    }
    List<Resource<S>> candidates = byService.getOrDefault(Selector.WILDCARD, List.of());
    if (candidates.isEmpty()) {
      candidates = byService.values().stream().flatMap(List::stream).toList();
    }
    return candidates.stream().min(PolicyPrecedence.OLDEST_FIRST);
  }
}
