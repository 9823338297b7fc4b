package io.portico.cp.api;

import io.portico.mesh.api.validation.Violation;
import java.util.List;

/**
 * The {@code size} and {@code offset} query parameters of a list (spec/core.md §5.4): size defaults
 * to 100 and may not exceed 1000; the offset is the decimal index of the first item.
 *
 * @param size how many items at most, 1 to 1000
 * @param offset how many items to skip
 */
record PageRequest(int size, int offset) {
  static final int DEFAULT_SIZE = 100;
  static final int MAX_SIZE = 1000;

  /**
   * Parses the parameters.
   *
   * @throws ApiException 400 with cause {@code size} or {@code offset}
   */
  static PageRequest parse(String size, String offset, String title) {
    int s = DEFAULT_SIZE;
    if (size != null && !size.isEmpty()) {
      try {
        s = Integer.parseInt(size.trim());
      } catch (NumberFormatException e) {
        throw invalidSize(title, "Invalid format");
      }
      if (s < 1) {
        throw invalidSize(title, "Invalid format");
      }
      if (s > MAX_SIZE) {
        throw invalidSize(
            title, "Invalid page size of " + s + ". Maximum page size is " + MAX_SIZE);
      }
    }
    int o = 0;
    if (offset != null && !offset.isEmpty()) {
      try {
        o = Integer.parseInt(offset.trim());
      } catch (NumberFormatException e) {
        o = -1;
      }
      if (o < 0) {
        throw new ApiException(
            400, title, "Invalid offset", List.of(new Violation("offset", "Invalid format")));
      }
    }
    return new PageRequest(s, o);
  }

  private static ApiException invalidSize(String title, String message) {
    return new ApiException(
        400, title, "Invalid page size", List.of(new Violation("size", message)));
  }
}
