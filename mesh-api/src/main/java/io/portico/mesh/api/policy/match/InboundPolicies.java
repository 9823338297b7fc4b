package io.portico.mesh.api.policy.match;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.TagRank;
import io.portico.mesh.api.policy.ConnectionPolicySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Inbound connection policy matching (spec/core.md §3.2) for TrafficPermission, FaultInjection and
 * RateLimit: only {@code destinations} are matched, against the inbound's full tag map; {@code
 * sources} are compiled into the inbound's config by the caller.
 */
public final class InboundPolicies {
  private InboundPolicies() {}

  /**
   * The single policy that applies to an inbound (TrafficPermission): the best-ranked matching
   * destination selector wins; ties go to the later creation time.
   */
  public static <S extends ConnectionPolicySpec> Optional<Resource<S>> best(
      List<Resource<S>> policies, Map<String, String> inboundTags) {
    RankedPolicy<S> best = null;
    for (RankedPolicy<S> match : matching(policies, inboundTags)) {
      if (best == null || PolicyPrecedence.MOST_SPECIFIC_FIRST.compare(match, best) < 0) {
        best = match;
      }
    }
    return Optional.ofNullable(best).map(RankedPolicy::policy);
  }

  /**
   * Every policy that applies to an inbound (FaultInjection, RateLimit), each once, ordered by the
   * rank of its first {@code sources} selector, the newer first on ties (spec/core.md §3.4).
   */
  public static <S extends ConnectionPolicySpec> List<Resource<S>> allMatching(
      List<Resource<S>> policies, Map<String, String> inboundTags) {
    List<RankedPolicy<S>> bySourceRank = new ArrayList<>();
    for (RankedPolicy<S> match : matching(policies, inboundTags)) {
      List<Selector> sources = match.policy().spec().sources();
      TagRank firstSource =
          sources.isEmpty() || sources.get(0) == null ? TagRank.ZERO : sources.get(0).rank();
      bySourceRank.add(new RankedPolicy<>(match.policy(), firstSource));
    }
    bySourceRank.sort(PolicyPrecedence.MOST_SPECIFIC_FIRST);
    return bySourceRank.stream().map(RankedPolicy::policy).toList();
  }

  /** Policies with a destination selector matching the inbound, with their best such rank. */
  private static <S extends ConnectionPolicySpec> List<RankedPolicy<S>> matching(
      List<Resource<S>> policies, Map<String, String> inboundTags) {
    List<RankedPolicy<S>> out = new ArrayList<>();
    for (Resource<S> policy : policies) {
      PolicyPrecedence.bestMatch(policy.spec().destinations(), List.of(inboundTags))
          .ifPresent(rank -> out.add(new RankedPolicy<>(policy, rank)));
    }
    return out;
  }
}
