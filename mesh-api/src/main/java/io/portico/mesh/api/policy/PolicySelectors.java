package io.portico.mesh.api.policy;

import io.portico.mesh.api.Selector;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import io.portico.mesh.api.validation.TagRules;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The selector-list rules of spec/core.md §3.4: S1 ({@link #withService}), S2 ({@link #anyTags})
 * and SVC ({@link #serviceOnly}). Each selector is checked at {@code <field>[i].match}.
 */
final class PolicySelectors {
  static final String AT_LEAST_ONE = "must have at least one element";
  static final String SERVICE_ONLY = "must consist of exactly one tag \"" + TagRules.SERVICE + "\"";

  private PolicySelectors() {}

  /** S1: at least one selector, each with at least one tag including {@code kuma.io/service}. */
  static void withService(Path path, List<Selector> selectors, Errors errors) {
    check(path, selectors, true, errors);
  }

  /** S2: at least one selector, each with at least one tag. */
  static void anyTags(Path path, List<Selector> selectors, Errors errors) {
    check(path, selectors, false, errors);
  }

  /** SVC: at least one selector, each with exactly the one key {@code kuma.io/service}. */
  static void serviceOnly(Path path, List<Selector> selectors, Errors errors) {
    if (selectors.isEmpty()) {
      errors.add(path, AT_LEAST_ONE);
    }
    for (int i = 0; i < selectors.size(); i++) {
      Path at = path.index(i).field("match");
      Map<String, String> match = match(selectors.get(i));
      if (match.size() != 1 || !match.containsKey(TagRules.SERVICE)) {
        errors.add(at, SERVICE_ONLY);
      }
      for (String key : new TreeMap<>(match).keySet()) {
        if (!key.equals(TagRules.SERVICE)) {
          errors.add(at.key(key), "tag \"" + key + "\" is not allowed");
        }
      }
      if (!match.isEmpty()) {
        TagRules.validateSelector(at, match, false, errors);
      }
    }
  }

  private static void check(
      Path path, List<Selector> selectors, boolean requireService, Errors errors) {
    if (selectors.isEmpty()) {
      errors.add(path, AT_LEAST_ONE);
    }
    for (int i = 0; i < selectors.size(); i++) {
      TagRules.validateSelector(
          path.index(i).field("match"), match(selectors.get(i)), requireService, errors);
    }
  }

  /** The tags of a selector; a null list element ({@code - } in YAML) has none. */
  static Map<String, String> match(Selector selector) {
    return selector == null ? Map.of() : selector.match();
  }
}
