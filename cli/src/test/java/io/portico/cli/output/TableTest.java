package io.portico.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void columnsArePaddedToTheWidestCellPlusThreeAndTheLastCellIsNot() {
    Table table =
        new Table(
            List.of("MESH", "NAME", "AGE"),
            List.of(List.of("default", "edge-gateway", "3m"), List.of("a", "b", "10d")));

    assertThat(table.render())
        .isEqualTo(
            """
            MESH      NAME           AGE
            default   edge-gateway   3m
            a         b              10d
            """);
  }

  @Test
  void headerAloneIsOneLine() {
    assertThat(new Table(List.of("MESH", "NAME", "AGE"), List.of()).render())
        .isEqualTo("MESH   NAME   AGE\n");
  }

  @Test
  void emptyCellsStillTakeTheirColumnAndATrailingEmptyCellLeavesPadding() {
    Table table =
        new Table(
            List.of("ACTIVE", "NAME", "NOTES"),
            List.of(List.of("", "x", ""), List.of("*", "y", "")));

    assertThat(table.render())
        .isEqualTo("ACTIVE   NAME   NOTES\n         x      \n*        y      \n");
  }

  @Test
  void footerFollowsABlankLine() {
    Table table = new Table(List.of("NAME", "AGE"), List.of(List.of("a", "1s")), "more to come");

    assertThat(table.render()).isEqualTo("NAME   AGE\na      1s\n\nmore to come\n");
  }

  @Test
  void widthCountsCodePointsNotBytes() {
    Table table = new Table(List.of("NAME", "AGE"), List.of(List.of("zoné", "1s")));

    assertThat(table.render()).isEqualTo("NAME   AGE\nzoné   1s\n");
  }

  @Test
  void rowsMustHaveAsManyCellsAsHeaders() {
    assertThatThrownBy(() -> new Table(List.of("A", "B"), List.of(List.of("only"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row [only] has 1 cells but expected 2");
  }
}
