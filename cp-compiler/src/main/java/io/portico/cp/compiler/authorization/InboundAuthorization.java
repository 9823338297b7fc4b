package io.portico.cp.compiler.authorization;

import io.portico.cp.compiler.context.MeshContext;
import io.portico.cp.compiler.plan.AuthorizationPlan;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.policy.TrafficPermissionSpec;
import io.portico.mesh.api.policy.match.InboundPolicies;
import io.portico.mesh.api.policy.targetref.MeshTrafficPermissionSpec;
import io.portico.mesh.api.types.ResourceTypes;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may connect to a sidecar inbound of an mTLS mesh (spec/core.md §3.4, §4.3).
 *
 * <ul>
 *   <li>When a MeshTrafficPermission selects the inbound, MeshTrafficPermissions decide alone
 *       ({@link MeshTrafficPermissionRules}); TrafficPermissions are ignored there. Kuma leaves
 *       mixing the two undefined (its MeshTrafficPermission plugin replaces the RBAC filter of the
 *       inbounds it configures); Portico makes that the rule.
 *   <li>Otherwise the TrafficPermission whose {@code destinations} match the inbound tags best
 *       (newest on ties) decides ({@link TrafficPermissionRules}).
 *   <li>Neither: no rule, every connection is denied.
 * </ul>
 *
 * Without mTLS nothing is authorized (null): identities are unknown and everything is allowed.
 */
public final class InboundAuthorization {
  private InboundAuthorization() {}

  /**
   * The authorization of an inbound with these tags; null when the mesh has no mTLS.
   *
   * @throws IllegalArgumentException when the MeshTrafficPermissions cannot be compiled (too many
   *     tags, {@link MeshTrafficPermissionRules#of})
   */
  public static AuthorizationPlan forInbound(MeshContext mesh, Map<String, String> inboundTags) {
    if (!mesh.mtls().isEnabled()) {
      return null;
    }
    List<Resource<MeshTrafficPermissionSpec>> applying =
        MeshTrafficPermissionRules.applying(
            mesh.policies(ResourceTypes.MESH_TRAFFIC_PERMISSION), inboundTags);
    if (!applying.isEmpty()) {
      return MeshTrafficPermissionRules.of(applying, mesh.mtls());
    }
    Optional<Resource<TrafficPermissionSpec>> permission =
        InboundPolicies.best(mesh.policies(ResourceTypes.TRAFFIC_PERMISSION), inboundTags);
    return permission
        .map(p -> TrafficPermissionRules.of(p, mesh.mtls()))
        .orElse(AuthorizationPlan.DENY_ALL);
  }
}
