package io.portico.proxy.routing;

/**
 * What a route match looks at in a request. The proxy implements it over its codec's request object
 * without copying; values are computed only when a matcher asks for them.
 */
public interface RequestView {
  /** The request method, e.g. {@code GET}. */
  String method();

  /** The (normalized) path, without the query string. */
  String path();

  /**
   * The value of a header, its multiple values joined by {@code ","}; {@code null} when absent.
   *
   * @param name the header name, matched case-insensitively
   */
  String header(String name);

  /**
   * The first value of a query parameter; {@code null} when absent.
   *
   * @param name the parameter name, matched case-sensitively
   */
  String queryParameter(String name);
}
