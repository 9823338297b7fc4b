package io.portico.proxy.routing;

import java.util.Objects;

/**
 * A query parameter condition of a route (spec gateway.md §3.2): the name is case-sensitive and the
 * first value of the parameter is compared.
 */
public sealed interface QueryMatcher {
  String name();

  boolean matches(RequestView request);

  /** Present and its first value equals. */
  record Exact(String name, String value) implements QueryMatcher {
    public Exact {
      checkName(name);
      Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean matches(RequestView request) {
      return value.equals(request.queryParameter(name));
    }
  }

  /** Present and the expression matches its whole first value. */
  record Regex(String name, RegexMatcher regex) implements QueryMatcher {
    public Regex {
      checkName(name);
      Objects.requireNonNull(regex, "regex");
    }

    @Override
    public boolean matches(RequestView request) {
      String value = request.queryParameter(name);
      return value != null && regex.matchesWhole(value);
    }
  }

  private static void checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("query parameter name must not be empty");
    }
  }
}
