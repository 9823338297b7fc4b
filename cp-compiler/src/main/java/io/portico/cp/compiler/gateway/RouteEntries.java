package io.portico.cp.compiler.gateway;

import io.portico.cp.compiler.plan.MatchPlan.PathKind;
import io.portico.cp.compiler.plan.MatchPlan.PathMatch;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec.PathMatchType;
import java.util.ArrayList;
import java.util.List;

/**
 * The match entries of a virtual host's routes (spec/gateway.md §3.1), in precedence order (§3.3).
 *
 * <ul>
 *   <li>One entry per (rule, match): the matches of a rule are OR-ed; its filters and backends are
 *       shared.
 *   <li>A match without a path is {@code PREFIX /}.
 *   <li>{@code EXACT v} gives the exact entry {@code v}; {@code REGEX r} the regex entry {@code r}.
 *   <li>{@code PREFIX p} has segment semantics: with {@code e} = {@code p} without trailing
 *       slashes, it gives the byte-prefix entry {@code e/} (so {@code PREFIX /} stays {@code /})
 *       and, unless {@code e} is empty, the exact entry {@code e}. Portico always generates that
 *       exact entry, even when another route already has an EXACT {@code e} (decision Q3, where
 *       Kuma would drop it): the precedence order puts the more specific one first, and the EXACT
 *       one when they are as specific ({@link EntryPrecedence#BY_DECLARED_EXACT}).
 * </ul>
 */
public final class RouteEntries {
  private RouteEntries() {}

  /** The entries of the given HTTP routes, sorted by {@link EntryPrecedence#ORDER}. */
  public static List<RouteEntryPlan> of(List<Resource<MeshGatewayRouteSpec>> routes) {
    List<RouteEntryPlan> entries = new ArrayList<>();
    for (Resource<MeshGatewayRouteSpec> route : routes) {
      MeshGatewayRouteSpec.Conf conf = route.spec().conf();
      if (conf == null || conf.http() == null) {
        continue;
      }
      List<MeshGatewayRouteSpec.HttpRule> rules = conf.http().rules();
      for (int i = 0; i < rules.size(); i++) {
        MeshGatewayRouteSpec.HttpRule rule = rules.get(i);
        if (rule == null) {
          continue;
        }
        for (int k = 0; k < rule.matches().size(); k++) {
          MeshGatewayRouteSpec.Match match = rule.matches().get(k);
          if (match != null) {
            expand(route, i, k, match.path(), entries);
          }
        }
      }
    }
    entries.sort(EntryPrecedence.ORDER);
    return entries;
  }

  private static void expand(
      Resource<MeshGatewayRouteSpec> route,
      int rule,
      int match,
      MeshGatewayRouteSpec.PathMatch path,
      List<RouteEntryPlan> out) {
    if (path == null) {
      out.add(entry(route, rule, match, PathMatchType.PREFIX, PathKind.PREFIX, "/"));
      return;
    }
    switch (path.match()) {
      case EXACT ->
          out.add(entry(route, rule, match, PathMatchType.EXACT, PathKind.EXACT, path.value()));
      case REGEX ->
          out.add(entry(route, rule, match, PathMatchType.REGEX, PathKind.REGEX, path.value()));
      case PREFIX -> {
        String trimmed = withoutTrailingSlashes(path.value());
        out.add(entry(route, rule, match, PathMatchType.PREFIX, PathKind.PREFIX, trimmed + "/"));
        if (!trimmed.isEmpty()) {
          out.add(entry(route, rule, match, PathMatchType.PREFIX, PathKind.EXACT, trimmed));
        }
      }
    }
  }

  private static RouteEntryPlan entry(
      Resource<MeshGatewayRouteSpec> route,
      int rule,
      int match,
      PathMatchType declared,
      PathKind kind,
      String value) {
    return new RouteEntryPlan(route, rule, match, declared, new PathMatch(kind, value));
  }

  /** {@code p} without its trailing slashes: {@code /api/} → {@code /api}, {@code /} → empty. */
  static String withoutTrailingSlashes(String p) {
    int end = p.length();
    while (end > 0 && p.charAt(end - 1) == '/') {
      end--;
    }
    return p.substring(0, end);
  }
}
