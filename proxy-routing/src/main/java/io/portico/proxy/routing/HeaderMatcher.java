package io.portico.proxy.routing;

import java.util.Locale;
import java.util.Objects;

/**
 * A header condition of a route (spec gateway.md §3.2, §3.7): names are case-insensitive; several
 * values of one header are compared as one comma-joined value.
 */
public sealed interface HeaderMatcher {
  /** The header name, lower case. */
  String name();

  boolean matches(RequestView request);

  /** Present and equal to the value. */
  record Exact(String name, String value) implements HeaderMatcher {
    public Exact {
      name = lower(name);
      Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean matches(RequestView request) {
      return value.equals(request.header(name));
    }
  }

  /** Present and the expression matches the whole value. */
  record Regex(String name, RegexMatcher regex) implements HeaderMatcher {
    public Regex {
      name = lower(name);
      Objects.requireNonNull(regex, "regex");
    }

    @Override
    public boolean matches(RequestView request) {
      String value = request.header(name);
      return value != null && regex.matchesWhole(value);
    }
  }

  /** Present, any value. */
  record Present(String name) implements HeaderMatcher {
    public Present {
      name = lower(name);
    }

    @Override
    public boolean matches(RequestView request) {
      return request.header(name) != null;
    }
  }

  /** Not present. */
  record Absent(String name) implements HeaderMatcher {
    public Absent {
      name = lower(name);
    }

    @Override
    public boolean matches(RequestView request) {
      return request.header(name) == null;
    }
  }

  private static String lower(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("header name must not be empty");
    }
    return name.toLowerCase(Locale.ROOT);
  }
}
