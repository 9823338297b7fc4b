package io.portico.mesh.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Null-tolerant copies for the compact constructors of spec records. User input may hold nulls
 * ({@code key:} with no value in YAML); specs keep them as empty values so that validators, not
 * constructors, report them with their field paths.
 */
public final class SpecValues {
  private SpecValues() {}

  /** An unmodifiable copy; null becomes empty, null elements are kept as null. */
  public static <T> List<T> list(List<T> in) {
    if (in == null || in.isEmpty()) {
      return List.of();
    }
    return Collections.unmodifiableList(new ArrayList<>(in));
  }

  /** An unmodifiable, order-preserving copy of a tag map; null values become empty strings. */
  public static Map<String, String> tags(Map<String, String> in) {
    if (in == null || in.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    in.forEach((k, v) -> out.put(k == null ? "" : k, v == null ? "" : v));
    return Collections.unmodifiableMap(out);
  }

  /** An unmodifiable, order-preserving copy of a map; null becomes empty. */
  public static <K, V> Map<K, V> map(Map<K, V> in) {
    if (in == null || in.isEmpty()) {
      return Map.of();
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(in));
  }

  /** The string, or empty for null. */
  public static String text(String in) {
    return in == null ? "" : in;
  }
}
