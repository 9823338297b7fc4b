package io.portico.mesh.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * A tag selector: {@code {match: {kuma.io/service: web, version: "*"}}}.
 *
 * <p>A selector matches a tag map when every key of the selector is present in the map and its
 * value is equal, or the selector value is {@code *} (spec/core.md §3.2). An empty selector matches
 * everything.
 */
public record Selector(Map<String, String> match) {
  public static final String WILDCARD = "*";

  public Selector {
    match = java.util.Collections.unmodifiableMap(new TreeMap<>(SpecValues.tags(match)));
  }

  public static Selector of(Map<String, String> match) {
    return new Selector(match);
  }

  public boolean matches(Map<String, String> tags) {
    for (Map.Entry<String, String> e : match.entrySet()) {
      String value = tags.get(e.getKey());
      if (value == null) {
        return false;
      }
      if (!WILDCARD.equals(e.getValue()) && !e.getValue().equals(value)) {
        return false;
      }
    }
    return true;
  }

  /** The specificity of this selector (spec/core.md §3.2). */
  public TagRank rank() {
    int exact = 0;
    int wildcard = 0;
    for (String v : match.values()) {
      if (WILDCARD.equals(v)) {
        wildcard++;
      } else {
        exact++;
      }
    }
    return new TagRank(exact, wildcard);
  }
}
