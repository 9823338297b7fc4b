package io.portico.cp.compiler.plan;

import java.util.List;
import java.util.Objects;

/**
 * AND-ed request conditions of a route.
 *
 * @param path the path condition; null = any path
 * @param method the request method; empty = any
 * @param headers header conditions
 * @param queryParameters query-parameter conditions
 */
public record MatchPlan(
    PathMatch path,
    String method,
    List<HeaderCondition> headers,
    List<QueryCondition> queryParameters) {
  public MatchPlan {
    method = method == null ? "" : method;
    headers = List.copyOf(headers);
    queryParameters = List.copyOf(queryParameters);
  }

  /** Any request whose path starts with {@code prefix}. */
  public static MatchPlan prefix(String prefix) {
    return new MatchPlan(new PathMatch(PathKind.PREFIX, prefix), "", List.of(), List.of());
  }

  /** How a path is compared by the proxy. */
  public enum PathKind {
    /** Equality with the normalized path. */
    EXACT,
    /** A byte prefix of the normalized path (segment semantics are the planner's job). */
    PREFIX,
    /** A regular expression matching the whole path. */
    REGEX
  }

  /**
   * @param kind how to compare
   * @param value the path, prefix or regular expression
   */
  public record PathMatch(PathKind kind, String value) {
    public PathMatch {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(value, "value");
    }
  }

  /** How a header is compared. */
  public enum HeaderKind {
    EXACT,
    REGEX,
    PRESENT,
    ABSENT
  }

  /**
   * @param name the header name (case-insensitive)
   * @param kind how to compare
   * @param value the value or regular expression; empty for PRESENT and ABSENT
   */
  public record HeaderCondition(String name, HeaderKind kind, String value) {
    public HeaderCondition {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
      value = value == null ? "" : value;
    }
  }

  /** How a query parameter is compared. */
  public enum QueryKind {
    EXACT,
    REGEX
  }

  /**
   * @param name the parameter name (case-sensitive)
   * @param kind how to compare
   * @param value the value or regular expression
   */
  public record QueryCondition(String name, QueryKind kind, String value) {
    public QueryCondition {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
      value = value == null ? "" : value;
    }
  }
}
