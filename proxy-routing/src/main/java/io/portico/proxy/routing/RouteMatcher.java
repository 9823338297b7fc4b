package io.portico.proxy.routing;

import java.util.List;
import java.util.Objects;

/**
 * All conditions of one route entry, ANDed (spec gateway.md §3.1, §3.2): path, method (empty =
 * any), headers and query parameters. The cheapest conditions are checked first.
 */
public record RouteMatcher(
    PathMatcher path, String method, List<HeaderMatcher> headers, List<QueryMatcher> query) {
  public RouteMatcher {
    Objects.requireNonNull(path, "path");
    method = method == null ? "" : method;
    headers = List.copyOf(headers);
    query = List.copyOf(query);
  }

  /** Matches every request. */
  public static RouteMatcher any() {
    return new RouteMatcher(PathMatcher.any(), "", List.of(), List.of());
  }

  public static RouteMatcher path(PathMatcher path) {
    return new RouteMatcher(path, "", List.of(), List.of());
  }

  public boolean matches(RequestView request) {
    if (!method.isEmpty() && !method.equals(request.method())) {
      return false;
    }
    if (!path.matches(request.path())) {
      return false;
    }
    for (int i = 0; i < headers.size(); i++) {
      if (!headers.get(i).matches(request)) {
        return false;
      }
    }
    for (int i = 0; i < query.size(); i++) {
      if (!query.get(i).matches(request)) {
        return false;
      }
    }
    return true;
  }
}
