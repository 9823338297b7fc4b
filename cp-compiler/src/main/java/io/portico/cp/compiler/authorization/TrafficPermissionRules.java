package io.portico.cp.compiler.authorization;

import io.portico.cp.compiler.context.MeshMtls;
import io.portico.cp.compiler.plan.AuthorizationPlan;
import io.portico.cp.compiler.plan.AuthorizationPlan.Action;
import io.portico.cp.compiler.plan.AuthorizationPlan.Principal;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.policy.TrafficPermissionSpec;
import io.portico.mesh.api.validation.TagRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The authorization a TrafficPermission gives an inbound (spec/core.md §3.4, Kuma's network RBAC
 * configurer): one ALLOW rule named after the permission per {@code sources} selector, in
 * declaration order (selectors OR'ed); a selector's principal requires, for each of its tags in key
 * order, {@code kuma.io/service: X} → URI SAN {@code spiffe://<mesh>/X}, any other {@code k: v} →
 * {@code kuma://k/v}, a {@code *} value nothing; a selector yielding no URI matches any client.
 */
public final class TrafficPermissionRules {
  private TrafficPermissionRules() {}

  /** The rules of the permission that applies to an inbound. */
  public static AuthorizationPlan of(Resource<TrafficPermissionSpec> permission, MeshMtls mtls) {
    List<AuthorizationPlan.Rule> rules = new ArrayList<>();
    for (Selector source : permission.spec().sources()) {
      if (source != null) {
        rules.add(
            new AuthorizationPlan.Rule(permission.name(), principal(source, mtls), Action.ALLOW));
      }
    }
    return new AuthorizationPlan(rules);
  }

  /** The clients a {@code sources} selector stands for. */
  public static Principal principal(Selector source, MeshMtls mtls) {
    List<String> uris = new ArrayList<>();
    for (Map.Entry<String, String> tag : source.match().entrySet()) {
      if (!Selector.WILDCARD.equals(tag.getValue())) {
        uris.add(uri(mtls, tag.getKey(), tag.getValue()));
      }
    }
    return Principal.withUris(uris);
  }

  /** The URI SAN a certificate carries for a tag (spec/core.md §1.2). */
  static String uri(MeshMtls mtls, String key, String value) {
    return key.equals(TagRules.SERVICE) ? mtls.serviceUri(value) : MeshMtls.tagUri(key, value);
  }
}
