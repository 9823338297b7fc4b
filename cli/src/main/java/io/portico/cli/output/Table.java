package io.portico.cli.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A table as kumactl prints it: a header row, then one row per item, then an optional footer after
 * a blank line.
 *
 * <p>Layout follows Go's {@code text/tabwriter} with min width 1, padding 3 and space fill, as
 * kumactl configures it (spec/core.md §5.8): every cell but the last of a row is padded with spaces
 * to the width of the widest cell of its column plus 3; the last cell is printed as is; each row
 * ends with a newline. Widths count code points, as tabwriter counts runes.
 *
 * @param headers the column names; empty for a table without a header row
 * @param rows the cells of each row; every row has as many cells as there are headers
 * @param footer printed after a blank line when not empty
 */
public record Table(List<String> headers, List<List<String>> rows, String footer) {
  private static final int PADDING = 3;

  public Table {
    headers = List.copyOf(headers);
    List<List<String>> copied = new ArrayList<>();
    for (List<String> row : rows) {
      if (!headers.isEmpty() && row.size() != headers.size()) {
        throw new IllegalArgumentException(
            "row " + row + " has " + row.size() + " cells but expected " + headers.size());
      }
      copied.add(row.stream().map(cell -> Objects.requireNonNullElse(cell, "")).toList());
    }
    rows = List.copyOf(copied);
    footer = footer == null ? "" : footer;
  }

  public Table(List<String> headers, List<List<String>> rows) {
    this(headers, rows, "");
  }

  /** The table as text, every line ending with a newline. */
  public String render() {
    List<List<String>> lines = new ArrayList<>();
    if (!headers.isEmpty()) {
      lines.add(headers);
    }
    lines.addAll(rows);
    int columns = lines.stream().mapToInt(List::size).max().orElse(0);
    int[] widths = new int[columns];
    for (List<String> line : lines) {
      for (int c = 0; c < line.size() - 1; c++) {
        widths[c] = Math.max(widths[c], Math.max(1, width(line.get(c)) + PADDING));
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> line : lines) {
      for (int c = 0; c < line.size(); c++) {
        String cell = line.get(c);
        out.append(cell);
        if (c < line.size() - 1) {
          out.append(" ".repeat(widths[c] - width(cell)));
        }
      }
      out.append('\n');
    }
    if (!footer.isEmpty()) {
      out.append('\n').append(footer).append('\n');
    }
    return out.toString();
  }

  private static int width(String cell) {
    return cell.codePointCount(0, cell.length());
  }
}
