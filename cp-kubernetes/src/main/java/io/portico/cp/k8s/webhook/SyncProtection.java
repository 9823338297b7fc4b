package io.portico.cp.k8s.webhook;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps Kubernetes users from writing objects that another control plane owns and sync would
 * overwrite (spec/kubernetes.md §7.3 step 2, spec/multizone.md §2): a global refuses the kinds
 * zones send it, a zone refuses the kinds the global sends it (but Dataplanes, which zones
 * generate). A standalone control plane refuses nothing.
 *
 * <p>The control plane's own service account (which applies synced objects) and Kubernetes' garbage
 * collector (which deletes owned objects) are always let through.
 */
final class SyncProtection {
  /** Kubernetes' garbage collector, which deletes the objects of a deleted owner. */
  static final String GARBAGE_COLLECTOR =
      "system:serviceaccount:kube-system:generic-garbage-collector";

  /** Zone → global (spec/multizone.md §2, "zone → global" column). */
  private static final Set<String> FROM_ZONES =
      Set.of(
          "Dataplane",
          "DataplaneInsight",
          "ZoneIngress",
          "ZoneIngressInsight",
          "ZoneEgress",
          "ZoneEgressInsight");

  /** Global → zone, but Dataplanes (spec/multizone.md §2, "global → zone" column). */
  private static final Set<String> FROM_GLOBAL =
      Set.of(
          "Mesh",
          "CircuitBreaker",
          "FaultInjection",
          "HealthCheck",
          "RateLimit",
          "Retry",
          "Timeout",
          "TrafficLog",
          "TrafficPermission",
          "TrafficRoute",
          "TrafficTrace",
          "ProxyTemplate",
          "VirtualOutbound",
          "MeshTrafficPermission",
          "MeshAccessLog",
          "MeshTrace",
          "MeshGateway",
          "MeshGatewayRoute",
          "ExternalService",
          "ServiceInsight");

  private final ControlPlaneMode mode;
  private final Set<String> allowedUsers;

  /**
   * @param mode this control plane's mode
   * @param controlPlaneUser the control plane's service account ({@code
   *     runtime.kubernetes.serviceAccountName})
   */
  SyncProtection(ControlPlaneMode mode, String controlPlaneUser) {
    this.mode = mode;
    this.allowedUsers = Set.of(controlPlaneUser, GARBAGE_COLLECTOR);
  }

  /** The refusal of a write of {@code kind} by {@code username}, if it is refused. */
  Optional<Verdict> refusal(String kind, String username) {
    if (allowedUsers.contains(username)) {
      return Optional.empty();
    }
    boolean refused =
        switch (mode) {
          case STANDALONE -> false;
          case GLOBAL -> FROM_ZONES.contains(kind);
          case ZONE -> FROM_GLOBAL.contains(kind);
        };
    if (!refused) {
      return Optional.empty();
    }
    ControlPlaneMode owner =
        mode == ControlPlaneMode.GLOBAL ? ControlPlaneMode.ZONE : ControlPlaneMode.GLOBAL;
    return Optional.of(
        new Verdict.Forbidden(
            "Operation not allowed. Kuma resources like "
                + kind
                + " can be updated or deleted only from the "
                + owner.name().toUpperCase(Locale.ROOT)
                + " control plane and not from a "
                + mode.name().toUpperCase(Locale.ROOT)
                + " control plane."));
  }
}
