package io.portico.cp.compiler.authorization;

import io.portico.cp.compiler.context.MeshContext;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.policy.ExternalServiceSpec;
import io.portico.mesh.api.policy.TrafficPermissionSpec;
import io.portico.mesh.api.policy.match.InboundPolicies;
import io.portico.mesh.api.types.ResourceTypes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which ExternalServices a dataplane may use (spec/gateway.md §4.6, spec/core.md §3.4, Kuma's
 * {@code MatchExternalServicesTrafficPermissions}): with mTLS on, an ExternalService is usable when
 * the TrafficPermission that best matches its tags as a destination (newest on ties) has a {@code
 * sources} selector matching one of the dataplane's tag sets (a builtin or delegated gateway's
 * gateway tags, a sidecar's inbound tags). The others get no endpoint, so the proxy answers 503.
 * Without mTLS every ExternalService is usable.
 */
public final class ExternalServicePermissions {
  private ExternalServicePermissions() {}

  /**
   * The ExternalServices a dataplane with these tag sets may use.
   *
   * @param dataplaneTagSets each inbound's tags, or the gateway tags
   */
  public static Predicate<Resource<ExternalServiceSpec>> allowedFor(
      MeshContext mesh, List<Map<String, String>> dataplaneTagSets) {
    if (!mesh.mtls().isEnabled()) {
      return service -> true;
    }
    List<Resource<TrafficPermissionSpec>> permissions =
        mesh.policies(ResourceTypes.TRAFFIC_PERMISSION);
    return service -> {
      Optional<Resource<TrafficPermissionSpec>> permission =
          InboundPolicies.best(permissions, service.spec().tags());
      return permission.isPresent()
          && permission.get().spec().sources().stream()
              .anyMatch(s -> s != null && matchesAny(s, dataplaneTagSets));
    };
  }

  private static boolean matchesAny(Selector selector, List<Map<String, String>> tagSets) {
    return tagSets.stream().anyMatch(selector::matches);
  }
}
