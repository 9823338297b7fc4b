package io.portico.mesh.api.policy.match;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.TagRank;
import io.portico.mesh.api.policy.ConnectionPolicySpec;
import io.portico.mesh.api.validation.TagRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Outbound connection policy matching (spec/core.md §3.2) for TrafficRoute, Timeout, Retry,
 * CircuitBreaker, HealthCheck and TrafficLog: one winner per dataplane and outbound service.
 *
 * <ol>
 *   <li>A policy is a candidate when one of its {@code sources} matches one of the dataplane's tag
 *       sets (each inbound's tags, or its gateway tags); it keeps the best rank among its matching
 *       sources.
 *   <li>For a service {@code S}, each candidate's {@code destinations} are matched against {@code
 *       {kuma.io/service: S}} only; score = best source rank + destination rank.
 *   <li>The highest score wins; ties go to the later creation time ({@link PolicyPrecedence}).
 * </ol>
 */
public final class OutboundPolicies {
  /** The implicit outbound every dataplane has, for traffic to non-mesh destinations. */
  public static final String PASS_THROUGH_SERVICE = "pass_through";

  private OutboundPolicies() {}

  /**
   * The policy of one type that applies to traffic from a dataplane to {@code service}.
   *
   * @param policies every policy of one type in the mesh
   * @param dataplaneTags the dataplane's tag sets: each inbound's tags, or its gateway tags
   * @param service the destination service
   */
  public static <S extends ConnectionPolicySpec> Optional<Resource<S>> best(
      List<Resource<S>> policies, List<Map<String, String>> dataplaneTags, String service) {
    return best(bySource(policies, dataplaneTags), service);
  }

  /**
   * The policy of one type for each outbound service of a dataplane, plus {@link
   * #PASS_THROUGH_SERVICE}; services without a matching policy are absent. Keys keep the order of
   * {@code outboundServices}.
   */
  public static <S extends ConnectionPolicySpec> Map<String, Resource<S>> forOutbounds(
      List<Resource<S>> policies,
      List<Map<String, String>> dataplaneTags,
      List<String> outboundServices) {
    List<RankedPolicy<S>> candidates = bySource(policies, dataplaneTags);
    List<String> services = new ArrayList<>(outboundServices);
    services.add(PASS_THROUGH_SERVICE);
    Map<String, Resource<S>> out = new LinkedHashMap<>();
    for (String service : services) {
      if (!out.containsKey(service)) {
        best(candidates, service).ifPresent(p -> out.put(service, p));
      }
    }
    return out;
  }

  private static <S extends ConnectionPolicySpec> List<RankedPolicy<S>> bySource(
      List<Resource<S>> policies, List<Map<String, String>> dataplaneTags) {
    List<RankedPolicy<S>> candidates = new ArrayList<>();
    for (Resource<S> policy : policies) {
      PolicyPrecedence.bestMatch(policy.spec().sources(), dataplaneTags)
          .ifPresent(rank -> candidates.add(new RankedPolicy<>(policy, rank)));
    }
    return candidates;
  }

  private static <S extends ConnectionPolicySpec> Optional<Resource<S>> best(
      List<RankedPolicy<S>> candidates, String service) {
    Map<String, String> outbound = Map.of(TagRules.SERVICE, service);
    RankedPolicy<S> best = null;
    for (RankedPolicy<S> candidate : candidates) {
      Optional<TagRank> destination =
          PolicyPrecedence.bestMatch(candidate.policy().spec().destinations(), List.of(outbound));
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
}
