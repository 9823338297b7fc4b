package io.portico.mesh.api.validation;

import java.util.regex.Pattern;

/**
 * Rules for resource and mesh names accepted through the API, the CLI and the proxy: non-empty,
 * {@code ^[0-9a-z-_]*$} (spec/core.md §0).
 */
public final class NameRules {
  /** The longest name: Kubernetes' limit for object names (a DNS subdomain), kept everywhere. */
  public static final int MAX_LENGTH = 253;

  private static final Pattern NAME = Pattern.compile("^[0-9a-z\\-_]*$");

  private NameRules() {}

  /** Adds a violation at {@code field} when {@code value} is not a valid name. */
  public static void validate(String field, String value, Errors errors) {
    if (value == null || value.isEmpty()) {
      errors.add(field, "cannot be empty");
    } else if (value.length() > MAX_LENGTH) {
      errors.add(
          field,
          "is "
              + value.length()
              + " characters long: expected at most "
              + MAX_LENGTH
              + " characters");
    } else if (!NAME.matcher(value).matches()) {
      errors.add(
          field,
          "invalid characters in "
              + Quoting.quote(value)
              + ": only lowercase letters, digits, '-' and '_' are allowed");
    }
  }
}
