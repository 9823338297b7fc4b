package io.portico.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.proxy.routing.WeightedPicker.Weighted;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Smooth weighted round-robin, spec gateway.md §3.4 (split by weight / sum(weights)). */
class WeightedPickerTest {

  @Test
  void everyRoundGivesEachChoiceExactlyItsWeight() {
    WeightedPicker<String> picker =
        WeightedPicker.of(
            List.of(new Weighted<>("a", 5), new Weighted<>("b", 3), new Weighted<>("c", 2)));
    assertThat(counts(picker, 100))
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", 50, "b", 30, "c", 20));
  }

  @Test
  void picksAreSpreadNotBunched() {
    WeightedPicker<String> picker =
        WeightedPicker.of(
            List.of(new Weighted<>("a", 5), new Weighted<>("b", 1), new Weighted<>("c", 1)));
    List<String> round = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      round.add(picker.pick());
    }
    // nginx's smooth WRR order for {a:5, b:1, c:1}
    assertThat(round).containsExactly("a", "a", "b", "a", "c", "a", "a");
  }

  @Test
  void zeroWeightIsNeverPicked() {
    WeightedPicker<String> picker =
        WeightedPicker.of(List.of(new Weighted<>("a", 1), new Weighted<>("b", 0)));
    assertThat(counts(picker, 10)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 10));
  }

  @Test
  void singleChoiceOfWeightZeroGetsWeightOne() {
    WeightedPicker<String> picker = WeightedPicker.of(List.of(new Weighted<>("a", 0)));
    assertThat(picker.pick()).isEqualTo("a");
  }

  @Test
  void allZeroWeightsAreRejected() {
    assertThatThrownBy(
            () -> WeightedPicker.of(List.of(new Weighted<>("a", 0), new Weighted<>("b", 0))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void weightsAreReducedByTheirCommonDivisor() {
    WeightedPicker<String> picker =
        WeightedPicker.of(List.of(new Weighted<>("a", 300), new Weighted<>("b", 100)));
    assertThat(picker.period()).isEqualTo(4);
  }

  @Test
  void hugeWeightsAreApproximatedWithinTheScheduleLimit() {
    WeightedPicker<String> picker =
        WeightedPicker.of(List.of(new Weighted<>("a", 1_000_003), new Weighted<>("b", 1_000_033)));
    assertThat(picker.period()).isLessThanOrEqualTo(WeightedPicker.MAX_SCHEDULE);
    Map<String, Integer> counts = counts(picker, picker.period());
    assertThat(counts.get("a")).isCloseTo(counts.get("b"), org.assertj.core.data.Offset.offset(2));
  }

  @Test
  void emptyPickerPicksNothing() {
    WeightedPicker<String> picker = WeightedPicker.of(List.of());
    assertThat(picker.isEmpty()).isTrue();
    assertThat(picker.pick()).isNull();
  }

  @Test
  void uniformPickerIsRoundRobin() {
    WeightedPicker<String> picker = WeightedPicker.uniform(List.of("a", "b", "c"));
    assertThat(List.of(picker.pick(), picker.pick(), picker.pick(), picker.pick()))
        .containsExactly("a", "b", "c", "a");
  }

  private static Map<String, Integer> counts(WeightedPicker<String> picker, int picks) {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < picks; i++) {
      counts.merge(picker.pick(), 1, Integer::sum);
    }
    return counts;
  }
}
