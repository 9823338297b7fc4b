package io.portico.proxy.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The ordered route entries of one virtual host. The control plane has already sorted them by
 * precedence (spec gateway.md §3.3); the first entry whose matcher succeeds handles the request
 * (§2.8).
 *
 * <p>Entries with an exact or prefix path sit in a radix tree of their paths ({@link PathIndex}),
 * so a lookup tries only the entries whose path condition holds for the request (plus the regex and
 * path-less ones), not the whole table: a gateway with a thousand routes costs about what one with
 * ten does. The result is the same as trying every entry in order.
 *
 * @param <R> what a matching entry resolves to (the proxy's compiled route)
 */
public final class RouteTable<R> {
  /** One entry: its conditions and what it resolves to. */
  public record Entry<R>(RouteMatcher matcher, R route) {
    public Entry {
      Objects.requireNonNull(matcher, "matcher");
      Objects.requireNonNull(route, "route");
    }
  }

  private final RouteMatcher[] matchers;
  private final Object[] routes;
  private final List<Entry<R>> entries;

  /** The exact and prefix entries by path; {@code null} when there are none. */
  private final PathIndex.Node paths;

  /** The other entries (regular expression, no path condition), ascending. */
  private final int[] unindexed;

  private RouteTable(List<Entry<R>> entries) {
    this.entries = List.copyOf(entries);
    this.matchers = new RouteMatcher[this.entries.size()];
    this.routes = new Object[this.entries.size()];
    PathIndex.Builder index = new PathIndex.Builder();
    int[] others = new int[this.entries.size()];
    int otherCount = 0;
    for (int i = 0; i < this.entries.size(); i++) {
      RouteMatcher matcher = this.entries.get(i).matcher();
      matchers[i] = matcher;
      routes[i] = this.entries.get(i).route();
      if (matcher.path() instanceof PathMatcher.Exact exact) {
        index.addExact(exact.path(), i);
      } else if (matcher.path() instanceof PathMatcher.Prefix prefix) {
        index.addPrefix(prefix.prefix(), i);
      } else {
        others[otherCount++] = i;
      }
    }
    this.paths = index.isEmpty() ? null : index.build().root();
    this.unindexed = Arrays.copyOf(others, otherCount);
  }

  public static <R> RouteTable<R> of(List<Entry<R>> entries) {
    return new RouteTable<>(entries);
  }

  public static <R> Builder<R> builder() {
    return new Builder<>();
  }

  /** The first matching entry's route, in table order. */
  @SuppressWarnings("unchecked")
  public Optional<R> find(RequestView request) {
    int first = firstMatch(request);
    return first == NO_MATCH ? Optional.empty() : Optional.of((R) routes[first]);
  }

  /** The index of the first matching entry in table order, or {@link #NO_MATCH}. */
  public int firstMatch(RequestView request) {
    // The tree first: its answer bounds how many regex and path-less entries are tried.
    return firstIn(unindexed, firstInTree(request), request);
  }

  /**
   * The first matching entry among the exact and prefix ones, or {@link #NO_MATCH}: the exact paths
   * equal to the request's, then the prefixes it starts with from the longest to the shortest (in a
   * table sorted by precedence, the order in which they come), each list tried only up to the best
   * entry found so far.
   */
  private int firstInTree(RequestView request) {
    PathIndex.Node node = paths;
    if (node == null) {
      return NO_MATCH;
    }
    String path = request.path();
    int length = path.length();
    int pos = 0;
    while (pos < length) {
      PathIndex.Node child = node.child(path.charAt(pos));
      if (child == null || !path.startsWith(child.label, pos)) {
        break;
      }
      node = child;
      pos += child.label.length();
    }
    int best = pos == length ? firstIn(node.exactEntries, NO_MATCH, request) : NO_MATCH;
    for (PathIndex.Node at = node.prefixEntries.length > 0 ? node : node.up;
        at != null;
        at = at.up) {
      best = firstIn(at.prefixEntries, best, request);
    }
    return best;
  }

  /** Index returned by {@link #firstMatch} when no entry matches. */
  public static final int NO_MATCH = Integer.MAX_VALUE;

  /**
   * The first entry of {@code candidates} (ascending) that comes before {@code best} and matches,
   * else {@code best}.
   */
  private int firstIn(int[] candidates, int best, RequestView request) {
    for (int i = 0; i < candidates.length; i++) {
      int entry = candidates[i];
      if (entry >= best) {
        return best;
      }
      if (matchers[entry].matches(request)) {
        return entry;
      }
    }
    return best;
  }

  public List<Entry<R>> entries() {
    return entries;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Collects entries in evaluation order. */
  public static final class Builder<R> {
    private final List<Entry<R>> entries = new ArrayList<>();

    private Builder() {}

    public Builder<R> add(RouteMatcher matcher, R route) {
      entries.add(new Entry<>(matcher, route));
      return this;
    }

    public RouteTable<R> build() {
      return new RouteTable<>(entries);
    }
  }
}
