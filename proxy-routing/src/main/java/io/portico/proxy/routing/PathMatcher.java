package io.portico.proxy.routing;

import java.util.Objects;

/**
 * How a route matches the request path (spec gateway.md §3.2): exact equality, byte prefix, or a
 * regular expression that must match the whole path. The query string is never part of the path.
 */
public sealed interface PathMatcher {
  boolean matches(String path);

  /** Matches every path (a route without a path condition). */
  record Any() implements PathMatcher {
    @Override
    public boolean matches(String path) {
      return true;
    }
  }

  /** Case-sensitive equality. */
  record Exact(String path) implements PathMatcher {
    public Exact {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public boolean matches(String candidate) {
      return path.equals(candidate);
    }
  }

  /** Case-sensitive byte prefix (segment semantics are the control plane's job, §3.1). */
  record Prefix(String prefix) implements PathMatcher {
    public Prefix {
      Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public boolean matches(String candidate) {
      return candidate.startsWith(prefix);
    }
  }

  /** A regular expression that must match the entire path. */
  record Regex(RegexMatcher regex) implements PathMatcher {
    public Regex {
      Objects.requireNonNull(regex, "regex");
    }

    @Override
    public boolean matches(String candidate) {
      return regex.matchesWhole(candidate);
    }
  }

  static PathMatcher any() {
    return new Any();
  }

  static PathMatcher exact(String path) {
    return new Exact(path);
  }

  static PathMatcher prefix(String prefix) {
    return new Prefix(prefix);
  }

  /**
   * @throws IllegalArgumentException when the expression does not compile
   */
  static PathMatcher regex(String regex) {
    return new Regex(RegexMatcher.compile(regex));
  }
}
