package io.portico.proxy.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The ordered route entries of one virtual host. The control plane has already sorted them by
 * precedence (spec gateway.md §3.3); the first entry whose matcher succeeds handles the request
 * (§2.8).
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

  private final Object[] matchers;
  private final Object[] routes;
  private final List<Entry<R>> entries;

  private RouteTable(List<Entry<R>> entries) {
    this.entries = List.copyOf(entries);
    this.matchers = new Object[this.entries.size()];
    this.routes = new Object[this.entries.size()];
    for (int i = 0; i < this.entries.size(); i++) {
      matchers[i] = this.entries.get(i).matcher();
      routes[i] = this.entries.get(i).route();
    }
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
    for (int i = 0; i < matchers.length; i++) {
      if (((RouteMatcher) matchers[i]).matches(request)) {
        return Optional.of((R) routes[i]);
      }
    }
    return Optional.empty();
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
