package io.portico.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code -v key=value} flags into a Mustache context (spec/core.md §6.5): a key with dots
 * ({@code a.b.c=v}) becomes nested maps so that {@code {{a.b.c}}} resolves.
 *
 * <p>Like kumactl's string-to-string flags, one flag may carry several pairs separated by commas
 * ({@code -v a=1,b=2}); a flag whose comma-separated parts are not all pairs is one pair whose
 * value contains commas.
 */
public final class TemplateVariables {
  private TemplateVariables() {}

  /**
   * Builds the context from the flag values, in order.
   *
   * @throws IllegalArgumentException naming the flag value that is not {@code key=value} or that
   *     conflicts with another one
   */
  public static Map<String, Object> parse(String flagName, List<String> flags) {
    Map<String, Object> context = new LinkedHashMap<>();
    for (String flag : flags) {
      for (String pair : pairs(flag)) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              flagName
                  + " \""
                  + pair
                  + "\": expected key=value, for example "
                  + flagName
                  + " port=8080");
        }
        put(context, pair.substring(0, eq).trim(), pair.substring(eq + 1), flagName + " \"" + pair);
      }
    }
    return context;
  }

  private static List<String> pairs(String flag) {
    String[] parts = flag.split(",", -1);
    for (String part : parts) {
      if (!part.contains("=")) {
        return List.of(flag);
      }
    }
    return List.of(parts);
  }

  @SuppressWarnings("unchecked")
  private static void put(
      Map<String, Object> context, String key, String value, String flagAndPair) {
    String[] path = key.split("\\.", -1);
    Map<String, Object> current = context;
    List<String> walked = new ArrayList<>();
    for (int i = 0; i < path.length; i++) {
      String part = path[i];
      if (part.isEmpty()) {
        throw new IllegalArgumentException(
            flagAndPair
                + "\": expected key=value with a key such as a or a.b, got \""
                + key
                + "\"");
      }
      walked.add(part);
      if (i == path.length - 1) {
        if (current.get(part) instanceof Map) {
          throw new IllegalArgumentException(
              flagAndPair
                  + "\": \""
                  + String.join(".", walked)
                  + "\" already holds nested variables such as "
                  + String.join(".", walked)
                  + ".<name>");
        }
        current.put(part, value);
      } else {
        Object next = current.computeIfAbsent(part, k -> new LinkedHashMap<String, Object>());
        if (!(next instanceof Map)) {
          throw new IllegalArgumentException(
              flagAndPair
                  + "\": \""
                  + String.join(".", walked)
                  + "\" is already set to a value, so it cannot hold "
                  + key);
        }
        current = (Map<String, Object>) next;
      }
    }
  }
}
