package io.portico.cp.compiler.plan;

import java.util.Objects;

/** A change of the request path: replace it whole, or replace a matched prefix. */
public sealed interface PathRewrite permits PathRewrite.Full, PathRewrite.Prefix {
  /**
   * Replace the whole path; the query string is kept.
   *
   * @param path the new path
   */
  record Full(String path) implements PathRewrite {
    public Full {
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * Replace the matched prefix.
   *
   * @param prefix the prefix as the route matched it
   * @param replacement what replaces it
   */
  record Prefix(String prefix, String replacement) implements PathRewrite {
    public Prefix {
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(replacement, "replacement");
    }
  }
}
