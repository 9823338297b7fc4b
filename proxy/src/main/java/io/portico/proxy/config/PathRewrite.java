package io.portico.proxy.config;

import java.util.Objects;

/** How a forward or a redirect rewrites the request path (spec gateway.md §3.4, §3.7). */
public sealed interface PathRewrite {
  /** The rewritten path (the query string is handled by the caller and kept). */
  String apply(String path);

  /** The path is kept. */
  record None() implements PathRewrite {
    @Override
    public String apply(String path) {
      return path;
    }
  }

  /** The whole path is replaced. */
  record Full(String path) implements PathRewrite {
    public Full {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String apply(String original) {
      return path;
    }
  }

  /**
   * The matched prefix is replaced; a path that does not start with the prefix (an exact or regex
   * entry of the same rule) is replaced whole by the replacement.
   */
  record Prefix(String prefix, String replacement) implements PathRewrite {
    public Prefix {
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(replacement, "replacement");
    }

    @Override
    public String apply(String path) {
      if (!path.startsWith(prefix)) {
        return replacement.isEmpty() ? "/" : replacement;
      }
      String rewritten = replacement + path.substring(prefix.length());
      return rewritten.isEmpty() ? "/" : rewritten;
    }
  }

  PathRewrite NONE = new None();
}
