package io.portico.mesh.api.policy.match;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.TagRank;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The orderings that decide between matching policies, in one place.
 *
 * <ul>
 *   <li>{@link #MOST_SPECIFIC_FIRST}: higher rank first (more keys, then more exact values); on a
 *       tie the later {@code creationTime} first (spec/core.md §3.2, spec/gateway.md §4.3 —
 *       <b>not</b> modification time, see Appendix A.2); then by name for determinism, as Kuma
 *       sorts candidates by name and keeps the first of equals.
 *   <li>{@link #OLDEST_FIRST}: earlier {@code creationTime} first, then by name (spec/gateway.md
 *       §4.4, the route-level choice among several backends).
 * </ul>
 *
 * A resource without a creation time (not stored yet) counts as the oldest.
 */
final class PolicyPrecedence {
  static final Comparator<Resource<?>> OLDEST_FIRST =
      Comparator.<Resource<?>, Instant>comparing(PolicyPrecedence::createdAt)
          .thenComparing(Resource::name);

  static final Comparator<RankedPolicy<?>> MOST_SPECIFIC_FIRST =
      Comparator.<RankedPolicy<?>, TagRank>comparing(RankedPolicy::rank)
          .reversed()
          .thenComparing(r -> createdAt(r.policy()), Comparator.reverseOrder())
          .thenComparing(r -> r.policy().name());

  private PolicyPrecedence() {}

  static Instant createdAt(Resource<?> resource) {
    Instant created = resource.meta().creationTime();
    return created == null ? Instant.MIN : created;
  }

  /** The best rank among {@code selectors} matching any of {@code tagSets}. */
  static Optional<TagRank> bestMatch(List<Selector> selectors, List<Map<String, String>> tagSets) {
    TagRank best = null;
    for (Selector selector : selectors) {
      if (selector == null) {
        continue;
      }
      for (Map<String, String> tags : tagSets) {
        if (selector.matches(tags)) {
          TagRank rank = selector.rank();
          if (best == null || rank.compareTo(best) > 0) {
            best = rank;
          }
          break;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The rank of the first of {@code selectors}, in declaration order, that matches {@code tags}.
   */
  static Optional<TagRank> firstMatch(List<Selector> selectors, Map<String, String> tags) {
    for (Selector selector : selectors) {
      if (selector != null && selector.matches(tags)) {
        return Optional.of(selector.rank());
      }
    }
    return Optional.empty();
  }
}
