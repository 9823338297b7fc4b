package io.portico.cp.compiler.plan;

import java.util.List;
import java.util.Objects;

/**
 * One route of a virtual host: a match, an action, header changes, mirrors and policies.
 *
 * @param name for logs and explanations, e.g. {@code edge-route/rule-0/match-1}
 * @param match the request conditions
 * @param action forward, redirect or direct response
 * @param requestHeaders changes to the request forwarded upstream
 * @param responseHeaders changes to the response
 * @param mirrors sampled copies of the request (forwarding routes only)
 * @param policy timeout, retry and rate limit of the route
 */
public record RoutePlan(
    String name,
    MatchPlan match,
    RouteAction action,
    HeaderMutation requestHeaders,
    HeaderMutation responseHeaders,
    List<MirrorPlan> mirrors,
    RoutePolicyPlan policy) {
  public RoutePlan {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(requestHeaders, "requestHeaders");
    Objects.requireNonNull(responseHeaders, "responseHeaders");
    mirrors = List.copyOf(mirrors);
    Objects.requireNonNull(policy, "policy");
  }
}
