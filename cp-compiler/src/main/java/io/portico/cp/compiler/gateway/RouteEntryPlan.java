package io.portico.cp.compiler.gateway;

import io.portico.cp.compiler.plan.MatchPlan.PathKind;
import io.portico.cp.compiler.plan.MatchPlan.PathMatch;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.HeaderMatchType;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.HttpMethod;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.PathMatchType;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.QueryMatchType;
import java.util.Objects;

/**
 * One match entry of a virtual host (spec/gateway.md §3.1): a (rule, match) pair of an HTTP route
 * after PREFIX expansion. A {@code PREFIX /x} match gives two entries: the exact path {@code /x}
 * and the byte prefix {@code /x/}.
 *
 * @param route the MeshGatewayRoute
 * @param ruleIndex the rule's position in {@code conf.http.rules}
 * @param matchIndex the match's position in the rule's {@code matches}
 * @param declared how the match's path was declared (no path = PREFIX)
 * @param path the entry's path condition as the proxy evaluates it
 */
public record RouteEntryPlan(
    Resource<MeshGatewayRouteSpec> route,
    int ruleIndex,
    int matchIndex,
    PathMatchType declared,
    PathMatch path) {
  public RouteEntryPlan {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(declared, "declared");
    Objects.requireNonNull(path, "path");
  }

  public MeshGatewayRouteSpec.HttpRule rule() {
    return route.spec().conf().http().rules().get(ruleIndex);
  }

  public MeshGatewayRouteSpec.Match match() {
    return rule().matches().get(matchIndex);
  }

  /** Whether this is the exact entry {@code /x} of a {@code PREFIX /x} match. */
  public boolean isPrefixExact() {
    return declared == PathMatchType.PREFIX && path.kind() == PathKind.EXACT;
  }

  /** Whether this is the byte-prefix entry {@code /x/} of a {@code PREFIX /x} match. */
  public boolean isPrefixSegments() {
    return declared == PathMatchType.PREFIX && path.kind() == PathKind.PREFIX;
  }

  /** {@code <route>/rule-<i>/match-<k>}, with {@code /exact} for the exact entry of a PREFIX. */
  public String name() {
    String name = route.name() + "/rule-" + ruleIndex + "/match-" + matchIndex;
    return isPrefixExact() ? name + "/exact" : name;
  }

  /** Whether the match names a method. */
  public boolean hasMethod() {
    return match().method() != HttpMethod.NONE;
  }

  /** The number of header and query-parameter conditions. */
  public int conditionCount() {
    return match().headers().size() + match().queryParameters().size();
  }

  /** The number of EXACT header and query-parameter conditions. */
  public int exactConditionCount() {
    long headers =
        match().headers().stream()
            .filter(h -> h != null && h.match() == HeaderMatchType.EXACT)
            .count();
    long query =
        match().queryParameters().stream()
            .filter(q -> q != null && q.match() == QueryMatchType.EXACT)
            .count();
    return (int) (headers + query);
  }
}
