package io.portico.mesh.api.types;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How each resource type is kept on Kubernetes (spec/kubernetes.md §2.2, §2.5): the custom resource
 * of group {@code kuma.io/v1alpha1} (kind, plural, scope), where its mesh is written, where its
 * body is, or the core {@code v1/Secret} type that holds it. Pure data, shared by the Kubernetes
 * store and by {@code porticoctl install}.
 */
public final class KubernetesKinds {
  public static final String GROUP = "kuma.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** The label or annotation that names a mesh. */
  public static final String MESH_KEY = "kuma.io/mesh";

  /** The Secret types of Kuma's Secrets and GlobalSecrets. */
  public static final String SECRET_TYPE = "system.kuma.io/secret";

  public static final String GLOBAL_SECRET_TYPE = "system.kuma.io/global-secret";

  /** Where the mesh of a stored object is written. */
  public enum MeshPlacement {
    /** Not mesh-scoped. */
    NONE,
    /** A top-level {@code mesh} field, sibling of {@code spec} (the proto-based kinds). */
    FIELD,
    /**
     * The label {@code kuma.io/mesh}, {@code default} when absent (the 2.0 targetRef policies,
     * Secrets).
     */
    LABEL,
    /** The annotation {@code kuma.io/mesh}, else the Namespace's, else {@code default}. */
    ANNOTATION
  }

  /**
   * One type's Kubernetes form.
   *
   * @param typeName the Portico/Kuma type name ({@code MeshGateway})
   * @param kind the Kubernetes kind (same as the type name), or {@code Secret} for secrets
   * @param plural the lower-case plural of the resource ({@code meshgateways}, {@code secrets})
   * @param singular the lower-case singular
   * @param isNamespaced namespaced (Kuma name {@code <name>.<namespace>}) or cluster-scoped
   * @param mesh where the mesh is written
   * @param bodyField {@code spec}, or {@code status} for insights
   * @param hasStatusSubresource whether the CRD declares a {@code status} subresource
   * @param secretType for Kubernetes Secrets, their {@code type}; null for custom resources
   */
  public record KubernetesKind(
      String typeName,
      String kind,
      String plural,
      String singular,
      boolean isNamespaced,
      MeshPlacement mesh,
      String bodyField,
      boolean hasStatusSubresource,
      String secretType) {
    /** Whether this is a core {@code v1/Secret} rather than a custom resource. */
    public boolean isSecret() {
      return secretType != null;
    }

    /** {@code kuma.io/v1alpha1}, or {@code v1} for secrets. */
    public String apiVersion() {
      return isSecret() ? "v1" : API_VERSION;
    }

    /** The CRD's name, {@code <plural>.kuma.io}. */
    public String crdName() {
      return plural + "." + GROUP;
    }
  }

  private static final Map<String, KubernetesKind> BY_TYPE = new LinkedHashMap<>();

  static {
    crd("Mesh", "meshes", "mesh", false, MeshPlacement.NONE);
    for (String type :
        new String[] {
          "CircuitBreaker",
          "ExternalService",
          "FaultInjection",
          "HealthCheck",
          "MeshGateway",
          "MeshGatewayRoute",
          "ProxyTemplate",
          "RateLimit",
          "Retry",
          "Timeout",
          "TrafficLog",
          "TrafficPermission",
          "TrafficRoute",
          "TrafficTrace",
          "VirtualOutbound"
        }) {
      crd(type, plural(type), type.toLowerCase(), false, MeshPlacement.FIELD);
    }
    crd("Dataplane", "dataplanes", "dataplane", true, MeshPlacement.FIELD);
    put(
        new KubernetesKind(
            "DataplaneInsight",
            "DataplaneInsight",
            "dataplaneinsights",
            "dataplaneinsight",
            true,
            MeshPlacement.FIELD,
            "status",
            false,
            null));
    put(
        new KubernetesKind(
            "MeshGatewayInstance",
            "MeshGatewayInstance",
            "meshgatewayinstances",
            "meshgatewayinstance",
            true,
            MeshPlacement.ANNOTATION,
            "spec",
            true,
            null));
    for (String type : new String[] {"MeshTrafficPermission", "MeshAccessLog", "MeshTrace"}) {
      crd(type, type.toLowerCase() + "s", type.toLowerCase(), true, MeshPlacement.LABEL);
    }
    crd("Zone", "zones", "zone", false, MeshPlacement.NONE);
    crd("ZoneIngress", "zoneingresses", "zoneingress", true, MeshPlacement.NONE);
    crd("ZoneEgress", "zoneegresses", "zoneegress", true, MeshPlacement.NONE);
    put(
        new KubernetesKind(
            "Secret",
            "Secret",
            "secrets",
            "secret",
            true,
            MeshPlacement.LABEL,
            "data",
            false,
            SECRET_TYPE));
    put(
        new KubernetesKind(
            "GlobalSecret",
            "Secret",
            "secrets",
            "secret",
            true,
            MeshPlacement.NONE,
            "data",
            false,
            GLOBAL_SECRET_TYPE));
  }

  private KubernetesKinds() {}

  private static void crd(
      String type, String plural, String singular, boolean namespaced, MeshPlacement mesh) {
    put(new KubernetesKind(type, type, plural, singular, namespaced, mesh, "spec", false, null));
  }

  private static void put(KubernetesKind kind) {
    BY_TYPE.put(kind.typeName(), kind);
  }

  /**
   * {@code TrafficPermission} → {@code trafficpermissions}, {@code Retry} → {@code retries}, {@code
   * MeshGateway} → {@code meshgateways}.
   */
  private static String plural(String type) {
    String lower = type.toLowerCase();
    if (lower.endsWith("y") && "aeiou".indexOf(lower.charAt(lower.length() - 2)) < 0) {
      return lower.substring(0, lower.length() - 1) + "ies";
    }
    return lower + "s";
  }

  /** The Kubernetes form of a type, if it has one. */
  public static Optional<KubernetesKind> of(String typeName) {
    return Optional.ofNullable(BY_TYPE.get(typeName));
  }

  /** Every type with a Kubernetes form, in a stable order. */
  public static Collection<KubernetesKind> all() {
    return BY_TYPE.values();
  }

  /**
   * The Kuma name of an object (spec/kubernetes.md §2.3): {@code metadata.name} for cluster-scoped
   * kinds and secrets, {@code <name>.<namespace>} for namespaced custom resources.
   */
  public static String kumaName(KubernetesKind kind, String name, String namespace) {
    return kind.isNamespaced() && !kind.isSecret() ? name + "." + namespace : name;
  }

  /**
   * The Kubernetes name and namespace of a Kuma name of a namespaced kind: split at the last dot.
   *
   * @throws IllegalArgumentException with Kuma's messages when there is no dot or nothing after it
   */
  public static String[] splitNamespaced(String kumaName) {
    int dot = kumaName.lastIndexOf('.');
    if (dot < 0) {
      throw new IllegalArgumentException(
          "name \"" + kumaName + "\" must include namespace after the dot, ex. \"name.namespace\"");
    }
    if (dot == kumaName.length() - 1) {
      throw new IllegalArgumentException("namespace must be non-empty");
    }
    return new String[] {kumaName.substring(0, dot), kumaName.substring(dot + 1)};
  }
}
