package io.portico.mesh.api.validation;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Character and presence rules for tags and selectors (spec/gateway.md §1.1, spec/core.md §2.2 rule
 * 10). Keys are checked in sorted order so that messages come out in a stable order.
 */
public final class TagRules {
  public static final String SERVICE = "kuma.io/service";
  public static final String PROTOCOL = "kuma.io/protocol";
  public static final String ZONE = "kuma.io/zone";
  public static final String MESH = "kuma.io/mesh";

  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9.\\-_:/]*$");
  private static final Pattern SELECTOR_VALUE = Pattern.compile("^\\*$|^[a-zA-Z0-9.\\-_:/]*$");
  private static final Pattern TAG_VALUE = Pattern.compile("^[a-zA-Z0-9.\\-_:]*$");

  private TagRules() {}

  /** Validates a selector map: values may contain {@code /} or be exactly {@code *}. */
  public static void validateSelector(
      Path path, Map<String, String> tags, boolean requireService, Errors errors) {
    validate(path, tags, requireService, true, errors);
  }

  /** Validates a dataplane tag map: values may not contain {@code /} nor be {@code *}. */
  public static void validateTags(
      Path path, Map<String, String> tags, boolean requireService, Errors errors) {
    validate(path, tags, requireService, false, errors);
  }

  private static void validate(
      Path path,
      Map<String, String> tags,
      boolean requireService,
      boolean isSelector,
      Errors errors) {
    if (tags == null || tags.isEmpty()) {
      errors.add(path, "must have at least one tag");
    }
    Map<String, String> sorted = tags == null ? Map.of() : new TreeMap<>(tags);
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      String key = e.getKey();
      String value = e.getValue() == null ? "" : e.getValue();
      if (key.isEmpty()) {
        errors.add(path, "tag name must be non-empty");
      }
      if (!NAME.matcher(key).matches()) {
        errors.add(
            path.key(key),
            "tag name must consist of alphanumeric characters, dots, dashes, slashes and"
                + " underscores");
      }
      if (value.isEmpty()) {
        errors.add(path.key(key), "tag value must be non-empty");
      }
      if (isSelector) {
        if (!SELECTOR_VALUE.matcher(value).matches()) {
          errors.add(
              path.key(key),
              "tag value must consist of alphanumeric characters, dots, dashes, slashes and"
                  + " underscores or be \"*\"");
        }
      } else if (!TAG_VALUE.matcher(value).matches()) {
        errors.add(
            path.key(key),
            "tag value must consist of alphanumeric characters, dots, dashes and underscores");
      }
    }
    if (requireService && !sorted.containsKey(SERVICE)) {
      errors.add(path, "mandatory tag \"" + SERVICE + "\" is missing");
    }
  }
}
