package io.portico.cp.compiler.gateway;

import io.portico.cp.compiler.endpoints.ServiceProtocol;
import io.portico.cp.compiler.plan.Header;
import io.portico.cp.compiler.plan.HeaderMutation;
import io.portico.cp.compiler.plan.MatchPlan;
import io.portico.cp.compiler.plan.MatchPlan.HeaderCondition;
import io.portico.cp.compiler.plan.MatchPlan.HeaderKind;
import io.portico.cp.compiler.plan.MatchPlan.QueryCondition;
import io.portico.cp.compiler.plan.MatchPlan.QueryKind;
import io.portico.cp.compiler.plan.MirrorPlan;
import io.portico.cp.compiler.plan.PathRewrite;
import io.portico.cp.compiler.plan.RouteAction;
import io.portico.cp.compiler.plan.RoutePlan;
import io.portico.cp.compiler.plan.RoutePolicyPlan;
import io.portico.cp.compiler.plan.RoutePolicyPlan.RetryProtocol;
import io.portico.cp.compiler.plan.WeightedCluster;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one match entry of a gateway host into a proxy route (spec/gateway.md §3.2, §3.4, §4.4).
 *
 * <ul>
 *   <li>Conditions: method, headers (EXACT, REGEX, PRESENT, ABSENT), query parameters (EXACT,
 *       REGEX), as declared.
 *   <li>A rule with a redirect filter answers with the redirect: scheme, hostname, port (0 = none),
 *       status; the query string is always stripped; its {@code path} (post-2.0) is adapted to the
 *       entry like a rewrite.
 *   <li>Otherwise it forwards to its backends: one cluster per distinct destination; a single
 *       backend gets weight 1, several keep their relative weights, two backends with the same
 *       destination collapse into one (at the first one's place, with the later weight). If every
 *       weight is 0 each gets 1 (validation rejects that configuration; the compiler stays total).
 *   <li>Request and response header filters: removals, {@code set}, {@code add}; a {@code set} of
 *       {@code Host}, {@code host} or {@code :authority} rewrites the upstream Host instead.
 *   <li>Rewrite: {@code replaceFull} replaces the path; {@code replacePrefixMatch r} replaces
 *       {@code e/} by {@code r'/} on the prefix entry of {@code PREFIX e}, the whole path by {@code
 *       r'} (or {@code /}) on its exact entry, and the whole path by {@code r} on EXACT and REGEX
 *       entries ({@code r'} = {@code r} without trailing slashes, §3.1); {@code
 *       hostToBackendHostname} sets Host to the chosen endpoint.
 *   <li>Mirrors: fraction = percentage / 100 (decision Q2); 0 % mirrors nothing.
 *   <li>Policies: timeout, retry and rate limit from the §4.4 winners of the forwarding backends;
 *       redirects get none.
 * </ul>
 */
final class GatewayRouteCompiler {
  private static final Set<String> HOST_HEADERS = Set.of("host", ":authority");

  private final GatewayClusters clusters;
  private final HostPolicies policies;

  GatewayRouteCompiler(GatewayClusters clusters, HostPolicies policies) {
    this.clusters = clusters;
    this.policies = policies;
  }

  /** The route of an entry; empty when its rule neither forwards nor redirects. */
  Optional<RoutePlan> compile(RouteEntryPlan entry) {
    MeshGatewayRouteSpec.HttpRule rule = entry.rule();
    MatchPlan match = match(entry);
    Filters filters = Filters.of(rule);
    if (filters.redirect != null) {
      MeshGatewayRouteSpec.Redirect redirect = filters.redirect;
      RouteAction action =
          new RouteAction.Redirect(
              redirect.scheme(),
              redirect.hostname(),
              redirect.port(),
              redirect.statusCode(),
              redirect.path() == null ? null : rewrite(redirect.path(), entry),
              true);
      return Optional.of(
          new RoutePlan(
              entry.name(),
              match,
              action,
              HeaderMutation.NONE,
              HeaderMutation.NONE,
              List.of(),
              RoutePolicyPlan.NONE));
    }
    Map<Map<String, String>, Integer> weights = new LinkedHashMap<>();
    for (MeshGatewayRouteSpec.Backend backend : rule.backends()) {
      if (backend != null && !backend.destination().isEmpty()) {
        Map<String, String> destination = Map.copyOf(backend.destination());
        weights.put(destination, Math.max(0, backend.weight()));
      }
    }
    if (weights.isEmpty()) {
      return Optional.empty();
    }
    boolean allZero = weights.values().stream().allMatch(w -> w == 0);
    List<WeightedCluster> forwardTo = new ArrayList<>();
    weights.forEach(
        (destination, weight) ->
            forwardTo.add(
                new WeightedCluster(
                    clusters.http(destination, policies),
                    weights.size() == 1 || allZero ? 1 : weight)));

    HostRewrite host = HostRewrite.of(filters.requestHeaders);
    MeshGatewayRouteSpec.Rewrite rewrite = filters.rewrite;
    boolean hostToBackend = rewrite != null && rewrite.hostToBackendHostname();
    RouteAction action =
        new RouteAction.Forward(
            forwardTo,
            rewrite == null || !rewrite.hasPathReplacement() ? null : rewrite(rewrite, entry),
            hostToBackend ? "" : host.hostRewrite,
            hostToBackend);

    List<MirrorPlan> mirrors = new ArrayList<>();
    for (MeshGatewayRouteSpec.Mirror mirror : filters.mirrors) {
      double percentage = mirror.percentage() == null ? 0 : mirror.percentage();
      if (mirror.backend() != null && percentage > 0) {
        mirrors.add(
            new MirrorPlan(
                clusters.http(mirror.backend().destination(), policies),
                Math.min(1.0, percentage / 100.0)));
      }
    }

    List<Map<String, String>> destinations = List.copyOf(weights.keySet());
    boolean grpc =
        destinations.stream().allMatch(d -> clusters.protocolOf(d) == ServiceProtocol.GRPC);
    return Optional.of(
        new RoutePlan(
            entry.name(),
            match,
            action,
            host.mutation,
            mutation(filters.responseHeaders),
            mirrors,
            policies.forRoute(destinations, grpc ? RetryProtocol.GRPC : RetryProtocol.HTTP)));
  }

  /** The proxy conditions of an entry (§3.2). */
  static MatchPlan match(RouteEntryPlan entry) {
    MeshGatewayRouteSpec.Match match = entry.match();
    List<HeaderCondition> headers = new ArrayList<>();
    for (MeshGatewayRouteSpec.HeaderMatch header : match.headers()) {
      if (header != null) {
        HeaderKind kind =
            switch (header.match()) {
              case EXACT -> HeaderKind.EXACT;
              case REGEX -> HeaderKind.REGEX;
              case PRESENT -> HeaderKind.PRESENT;
              case ABSENT -> HeaderKind.ABSENT;
            };
        headers.add(new HeaderCondition(header.name(), kind, header.value()));
      }
    }
    List<QueryCondition> query = new ArrayList<>();
    for (MeshGatewayRouteSpec.QueryMatch parameter : match.queryParameters()) {
      if (parameter != null) {
        QueryKind kind =
            switch (parameter.match()) {
              case EXACT -> QueryKind.EXACT;
              case REGEX -> QueryKind.REGEX;
            };
        query.add(new QueryCondition(parameter.name(), kind, parameter.value()));
      }
    }
    String method = match.method() == HttpMethod.NONE ? "" : match.method().name();
    return new MatchPlan(entry.path(), method, headers, query);
  }

  /** A rewrite (or redirect path) adapted to the entry it applies to (§3.1, §3.4). */
  static PathRewrite rewrite(MeshGatewayRouteSpec.Rewrite rewrite, RouteEntryPlan entry) {
    if (!rewrite.replaceFull().isEmpty()) {
      return new PathRewrite.Full(rewrite.replaceFull());
    }
    if (rewrite.replacePrefixMatch().isEmpty()) {
      return null;
    }
    String replacement = RouteEntries.withoutTrailingSlashes(rewrite.replacePrefixMatch());
    if (entry.isPrefixSegments()) {
      return new PathRewrite.Prefix(entry.path().value(), replacement + "/");
    }
    if (entry.isPrefixExact()) {
      return new PathRewrite.Full(replacement.isEmpty() ? "/" : replacement);
    }
    return new PathRewrite.Full(rewrite.replacePrefixMatch());
  }

  private static HeaderMutation mutation(List<MeshGatewayRouteSpec.HeaderFilter> filters) {
    List<Header> set = new ArrayList<>();
    List<Header> add = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    for (MeshGatewayRouteSpec.HeaderFilter filter : filters) {
      filter.set().stream().filter(h -> h != null).forEach(h -> set.add(header(h)));
      filter.add().stream().filter(h -> h != null).forEach(h -> add.add(header(h)));
      filter.remove().stream().filter(n -> n != null && !n.isEmpty()).forEach(remove::add);
    }
    return new HeaderMutation(set, add, remove);
  }

  private static Header header(MeshGatewayRouteSpec.Header header) {
    return new Header(header.name(), header.value());
  }

  /** The request header changes, with a {@code set} of Host taken out as a host rewrite. */
  private record HostRewrite(HeaderMutation mutation, String hostRewrite) {
    static HostRewrite of(List<MeshGatewayRouteSpec.HeaderFilter> filters) {
      HeaderMutation all = GatewayRouteCompiler.mutation(filters);
      String host = "";
      List<Header> set = new ArrayList<>();
      for (Header header : all.set()) {
        if (HOST_HEADERS.contains(header.name().toLowerCase(Locale.ROOT))) {
          host = header.value();
        } else {
          set.add(header);
        }
      }
      return new HostRewrite(new HeaderMutation(set, all.add(), all.remove()), host);
    }
  }

  /** A rule's filters by kind, in declaration order. */
  private static final class Filters {
    final List<MeshGatewayRouteSpec.HeaderFilter> requestHeaders = new ArrayList<>();
    final List<MeshGatewayRouteSpec.HeaderFilter> responseHeaders = new ArrayList<>();
    final List<MeshGatewayRouteSpec.Mirror> mirrors = new ArrayList<>();
    MeshGatewayRouteSpec.Redirect redirect;
    MeshGatewayRouteSpec.Rewrite rewrite;

    static Filters of(MeshGatewayRouteSpec.HttpRule rule) {
      Filters filters = new Filters();
      for (MeshGatewayRouteSpec.Filter filter : rule.filters()) {
        if (filter == null) {
          continue;
        }
        if (filter.requestHeader() != null) {
          filters.requestHeaders.add(filter.requestHeader());
        }
        if (filter.responseHeader() != null) {
          filters.responseHeaders.add(filter.responseHeader());
        }
        if (filter.mirror() != null) {
          filters.mirrors.add(filter.mirror());
        }
        if (filter.redirect() != null && filters.redirect == null) {
          filters.redirect = filter.redirect();
        }
        if (filter.rewrite() != null && filters.rewrite == null) {
          filters.rewrite = filter.rewrite();
        }
      }
      return filters;
    }
  }
}
