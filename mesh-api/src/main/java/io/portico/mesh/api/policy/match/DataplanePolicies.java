package io.portico.mesh.api.policy.match;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.TagRank;
import io.portico.mesh.api.policy.DataplanePolicySpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dataplane policy matching (spec/core.md §3.2) for TrafficTrace, ProxyTemplate and
 * VirtualOutbound: a policy with no selectors, or with an empty selector, matches every dataplane
 * with rank 0; otherwise it matches with the rank of its best selector matching one of the
 * dataplane's tag sets. The highest rank wins; ties go to the later creation time.
 */
public final class DataplanePolicies {
  private DataplanePolicies() {}

  /**
   * The policy of one type that applies to a dataplane.
   *
   * @param policies every policy of one type in the mesh
   * @param dataplaneTags the tag sets to match: each inbound's tags, or the gateway tags; a single
   *     inbound's tags for the per-inbound variant
   */
  public static <S extends DataplanePolicySpec> Optional<Resource<S>> best(
      List<Resource<S>> policies, List<Map<String, String>> dataplaneTags) {
    RankedPolicy<S> best = null;
    for (Resource<S> policy : policies) {
      Optional<TagRank> rank = rank(policy.spec().selectors(), dataplaneTags);
      if (rank.isEmpty()) {
        continue;
      }
      RankedPolicy<S> match = new RankedPolicy<>(policy, rank.get());
      if (best == null || PolicyPrecedence.MOST_SPECIFIC_FIRST.compare(match, best) < 0) {
        best = match;
      }
    }
    return Optional.ofNullable(best).map(RankedPolicy::policy);
  }

  private static Optional<TagRank> rank(
      List<Selector> selectors, List<Map<String, String>> dataplaneTags) {
    if (selectors.isEmpty()) {
      return Optional.of(TagRank.ZERO);
    }
    Optional<TagRank> best = PolicyPrecedence.bestMatch(selectors, dataplaneTags);
    boolean matchesAll = selectors.stream().anyMatch(s -> s != null && s.match().isEmpty());
    return best.isPresent() || !matchesAll ? best : Optional.of(TagRank.ZERO);
  }
}
