package io.portico.mesh.api.policy.match;

import static io.portico.mesh.api.policy.match.TestPolicies.selectors;
import static io.portico.mesh.api.policy.match.TestPolicies.timeout;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.TagRank;
import io.portico.mesh.api.policy.TimeoutSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per precedence rule (spec/core.md §3.2, spec/gateway.md §4.3–4.4). */
class PolicyPrecedenceTest {
  private static final Resource<TimeoutSpec> OLD =
      timeout("b-old", 1, selectors(""), selectors(""));
  private static final Resource<TimeoutSpec> NEW =
      timeout("a-new", 2, selectors(""), selectors(""));

  private static List<String> mostSpecificFirst(RankedPolicy<?>... policies) {
    List<RankedPolicy<?>> sorted = new ArrayList<>(List.of(policies));
    sorted.sort(PolicyPrecedence.MOST_SPECIFIC_FIRST);
    return sorted.stream().map(r -> r.policy().name()).toList();
  }

  @Test
  void moreKeysBeatFewerKeysEvenIfWildcards() {
    assertThat(
            mostSpecificFirst(
                new RankedPolicy<>(NEW, new TagRank(1, 0)),
                new RankedPolicy<>(OLD, new TagRank(0, 2))))
        .containsExactly("b-old", "a-new");
  }

  @Test
  void moreExactValuesBreakEqualKeyCounts() {
    assertThat(
            mostSpecificFirst(
                new RankedPolicy<>(NEW, new TagRank(1, 1)),
                new RankedPolicy<>(OLD, new TagRank(2, 0))))
        .containsExactly("b-old", "a-new");
  }

  @Test
  void laterCreationTimeBreaksRankTies() {
    assertThat(
            mostSpecificFirst(
                new RankedPolicy<>(OLD, new TagRank(1, 1)),
                new RankedPolicy<>(NEW, new TagRank(1, 1))))
        .containsExactly("a-new", "b-old");
  }

  @Test
  void nameBreaksTiesOfRankAndTime() {
    Resource<TimeoutSpec> b = timeout("b", 1, selectors(""), selectors(""));
    Resource<TimeoutSpec> a = timeout("a", 1, selectors(""), selectors(""));
    assertThat(
            mostSpecificFirst(
                new RankedPolicy<>(b, TagRank.ZERO), new RankedPolicy<>(a, TagRank.ZERO)))
        .containsExactly("a", "b");
  }

  @Test
  void unstoredPolicyCountsAsOldest() {
    Resource<TimeoutSpec> unstored = OLD.withMeta(OLD.meta().withVersion(0, null, null));
    assertThat(PolicyPrecedence.OLDEST_FIRST.compare(unstored, NEW)).isNegative();
    assertThat(
            mostSpecificFirst(
                new RankedPolicy<>(unstored, TagRank.ZERO), new RankedPolicy<>(NEW, TagRank.ZERO)))
        .containsExactly("a-new", "b-old");
  }

  @Test
  void oldestFirstThenByName() {
    Resource<TimeoutSpec> sameTimeAsOld = timeout("a-same", 1, selectors(""), selectors(""));
    List<Resource<?>> sorted = new ArrayList<>(List.of(NEW, OLD, sameTimeAsOld));
    sorted.sort(PolicyPrecedence.OLDEST_FIRST);
    assertThat(TestPolicies.names(sorted)).containsExactly("a-same", "b-old", "a-new");
  }
}
