package io.portico.cp.k8s.pod;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.portico.cp.k8s.KubernetesSettings;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.dataplane.DataplaneSpec.Admin;
import io.portico.mesh.api.dataplane.DataplaneSpec.Gateway;
import io.portico.mesh.api.dataplane.DataplaneSpec.GatewayType;
import io.portico.mesh.api.dataplane.DataplaneSpec.Inbound;
import io.portico.mesh.api.dataplane.DataplaneSpec.Networking;
import io.portico.mesh.api.dataplane.DataplaneSpec.Outbound;
import io.portico.mesh.api.dataplane.DataplaneSpec.Probes;
import io.portico.mesh.api.dataplane.DataplaneSpec.TransparentProxying;
import io.portico.mesh.api.mesh.MeshSpec.MetricsBackend;
import io.portico.mesh.api.validation.TagRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Converts a Kubernetes Pod into what the pod controller does for it, as Kuma 2.0.8's pod
 * controller and converters (spec/kubernetes.md §5.1–§5.9; zone ingress and egress pods are out of
 * scope and read as {@link PodConversion.NotManaged}).
 *
 * <pre>
 *   pod annotations (first match wins, §5.1)
 *     kuma.io/ingress | kuma.io/egress on ─────────────► NotManaged (out of scope)
 *     kuma.io/gateway: builtin ─┬─ no pod IP ──────────► Delete
 *                               └─ kuma.io/tags ───────► BUILTIN gateway Dataplane (§5.7)
 *     kuma.io/sidecar-injected on ─┬─ Succeeded/no IP ─► Delete
 *                                  └─ kuma.io/gateway?
 *                                       absent ────────► inbounds (§5.3–§5.5)
 *                                       enabled ───────► DELEGATED gateway, first inbound's tags (§5.8)
 *                                       other ─────────► Failure
 *                                     + outbounds (§5.6, §6.5.4), transparent proxying, metrics,
 *                                       virtual probes, admin port (§5.9)
 *     otherwise ───────────────────────────────────────► NotManaged
 * </pre>
 *
 * <p>A malformed annotation or an impossible pod is a {@link PodConversion.Failure} with Kuma's
 * text. The Dataplane returned is not validated here: the store's admission validation does that
 * (§5.2), so a spec Kuma would also have refused (e.g. an unknown {@code kuma.io/protocol}) is
 * refused there.
 *
 * <p>Stateless and thread-safe; a pure function of its arguments.
 */
public final class PodConverter {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Converts one pod.
   *
   * @param pod the pod, with its name, namespace, annotations, labels, spec and status
   * @param namespace the pod's Namespace (its {@code kuma.io/mesh} annotation is the mesh default)
   * @param servicesInNamespace every Service of the pod's namespace (the converter picks those that
   *     select the pod)
   * @param outbounds the mesh's Dataplanes and a Service lookup, for Kuma-style outbounds
   * @param settings the control plane's settings; {@code zoneName} is used
   */
  public PodConversion convert(
      Pod pod,
      Namespace namespace,
      List<Service> servicesInNamespace,
      OutboundSources outbounds,
      KubernetesSettings settings) {
    if (pod.getMetadata() == null
        || pod.getMetadata().getName() == null
        || pod.getMetadata().getNamespace() == null) {
      throw new IllegalArgumentException("the pod must have a name and a namespace");
    }
    try {
      return dispatch(pod, namespace, servicesInNamespace, outbounds, settings.zoneName());
    } catch (PodConversionException e) {
      return new PodConversion.Failure(e.getMessage());
    }
  }

  private PodConversion dispatch(
      Pod pod,
      Namespace namespace,
      List<Service> servicesInNamespace,
      OutboundSources outbounds,
      String zone) {
    PodAnnotations annotations = PodAnnotations.of(pod.getMetadata().getAnnotations());
    if (annotations.enabled(PodAnnotations.INGRESS).orElse(false)
        || annotations.enabled(PodAnnotations.EGRESS).orElse(false)) {
      return new PodConversion.NotManaged();
    }
    if (annotations
        .string(PodAnnotations.GATEWAY)
        .filter(PodAnnotations.BUILTIN::equals)
        .isPresent()) {
      return builtinGateway(pod, namespace, annotations, zone);
    }
    if (!annotations.enabled(PodAnnotations.SIDECAR_INJECTED).orElse(false)) {
      return new PodConversion.NotManaged();
    }
    if (pod.getStatus() != null && "Succeeded".equals(pod.getStatus().getPhase())) {
      return new PodConversion.Delete("the pod has succeeded");
    }
    String podIp = podIp(pod);
    if (podIp.isEmpty()) {
      return new PodConversion.Delete("the pod has no IP");
    }
    DataplaneSpec spec =
        sidecarDataplane(pod, podIp, annotations, servicesInNamespace, outbounds, zone);
    return new PodConversion.Dataplane(
        pod.getMetadata().getName(),
        pod.getMetadata().getNamespace(),
        meshOf(pod, namespace),
        spec);
  }

  /**
   * The mesh of a pod (spec/kubernetes.md §5.2): its {@code kuma.io/mesh} annotation, else its
   * Namespace's, else {@code default}; empty values do not count.
   */
  public static String meshOf(Pod pod, Namespace namespace) {
    Optional<String> own =
        PodAnnotations.of(pod.getMetadata().getAnnotations())
            .string(PodAnnotations.MESH)
            .filter(m -> !m.isEmpty());
    if (own.isPresent()) {
      return own.get();
    }
    if (namespace != null && namespace.getMetadata() != null) {
      Optional<String> inherited =
          PodAnnotations.of(namespace.getMetadata().getAnnotations())
              .string(PodAnnotations.MESH)
              .filter(m -> !m.isEmpty());
      if (inherited.isPresent()) {
        return inherited.get();
      }
    }
    return "default";
  }

  // ---------------------------------------------------------------- builtin gateway (§5.7)

  private static PodConversion builtinGateway(
      Pod pod, Namespace namespace, PodAnnotations annotations, String zone) {
    String podIp = podIp(pod);
    if (podIp.isEmpty()) {
      return new PodConversion.Delete("the builtin gateway pod has no IP");
    }
    String text =
        annotations
            .string(PodAnnotations.TAGS)
            .orElseThrow(
                () ->
                    new PodConversionException(
                        "Missing "
                            + PodAnnotations.TAGS
                            + " annotation on Pod serving a builtin Gateway"));
    Map<String, String> tags = gatewayTags(text);
    if (!zone.isEmpty()) {
      tags.put(TagRules.ZONE, zone);
    }
    DataplaneSpec spec =
        new DataplaneSpec(
            new Networking(
                podIp, null, null, null, new Gateway(tags, GatewayType.BUILTIN), null, null),
            null,
            null);
    return new PodConversion.Dataplane(
        pod.getMetadata().getName(),
        pod.getMetadata().getNamespace(),
        meshOf(pod, namespace),
        spec);
  }

  /** The {@code kuma.io/tags} annotation: a JSON object of strings. */
  private static Map<String, String> gatewayTags(String text) {
    PodConversionException invalid =
        new PodConversionException(
            "Invalid " + PodAnnotations.TAGS + " annotation on Pod serving a builtin Gateway");
    JsonNode tree;
    try {
      tree = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw invalid;
    }
    if (tree == null || !tree.isObject()) {
      throw invalid;
    }
    Map<String, String> tags = new TreeMap<>();
    for (Map.Entry<String, JsonNode> field : tree.properties()) {
      if (!field.getValue().isTextual()) {
        throw invalid;
      }
      tags.put(field.getKey(), field.getValue().asText());
    }
    return tags;
  }

  // ---------------------------------------------------------------- injected pods (§5.3–§5.9)

  private static DataplaneSpec sidecarDataplane(
      Pod pod,
      String podIp,
      PodAnnotations annotations,
      List<Service> servicesInNamespace,
      OutboundSources sources,
      String zone) {
    TransparentProxying transparentProxying = transparentProxying(annotations);
    List<Service> selecting = InboundConverter.selectingServices(pod, servicesInNamespace);
    List<Inbound> inbounds = List.of();
    Gateway gateway = null;
    Optional<String> gatewayType = annotations.string(PodAnnotations.GATEWAY);
    if (gatewayType.isPresent()) {
      gateway = delegatedGateway(gatewayType.get(), pod, selecting, zone);
    } else {
      inbounds = InboundConverter.inbounds(pod, selecting, zone, false);
    }
    List<String> reachable =
        transparentProxying == null ? List.of() : transparentProxying.reachableServices();
    List<Outbound> outbounds =
        new ArrayList<>(OutboundConverter.meshOutbounds(podIp, sources, reachable));
    outbounds.addAll(OutboundConverter.explicitOutbounds(annotations));
    MetricsBackend metrics = MetricsOverride.of(annotations);
    Probes probes = VirtualProbes.of(pod, annotations);
    OptionalLong adminPort = annotations.uint32(PodAnnotations.ENVOY_ADMIN_PORT);
    Admin admin =
        adminPort.isPresent() ? new Admin(PodAnnotations.port(adminPort.getAsLong())) : null;
    return new DataplaneSpec(
        new Networking(podIp, null, inbounds, outbounds, gateway, transparentProxying, admin),
        metrics,
        probes);
  }

  /**
   * The delegated gateway of an injected pod (spec/kubernetes.md §5.8): {@code enabled} takes the
   * tags of the first inbound the pod would have; {@code provided} is refused (Portico decision
   * D10: Kuma's handling is unfinished and, for a Deployment's pod, yields a Dataplane its own
   * validation rejects); anything else is an error.
   */
  private static Gateway delegatedGateway(
      String type, Pod pod, List<Service> selecting, String zone) {
    return switch (type) {
      case "enabled" ->
          new Gateway(
              InboundConverter.inbounds(pod, selecting, zone, true).get(0).tags(),
              GatewayType.DELEGATED);
      case "provided" ->
          throw new PodConversionException(
              "delegated gateway type 'provided' is not supported: use '"
                  + PodAnnotations.GATEWAY
                  + ": enabled'");
      default -> throw new PodConversionException("invalid delegated gateway type '" + type + "'");
    };
  }

  /**
   * Transparent proxying (spec/kubernetes.md §5.9): with {@code kuma.io/transparent-proxying:
   * enabled}, both redirect ports are required; the IPv6 port and the service lists are optional.
   * As in Kuma, the reachable services also filter the outbounds (§5.6) only in this mode.
   */
  private static TransparentProxying transparentProxying(PodAnnotations annotations) {
    if (!annotations.enabled(PodAnnotations.TRANSPARENT_PROXYING).orElse(false)) {
      return null;
    }
    long inbound =
        annotations
            .uint32(PodAnnotations.TRANSPARENT_PROXYING_INBOUND_PORT)
            .orElseThrow(
                () ->
                    new PodConversionException(
                        "transparent proxying inbound port has to be set in transparent mode"));
    long inboundV6 =
        annotations.uint32(PodAnnotations.TRANSPARENT_PROXYING_INBOUND_V6_PORT).orElse(0);
    long outbound =
        annotations
            .uint32(PodAnnotations.TRANSPARENT_PROXYING_OUTBOUND_PORT)
            .orElseThrow(
                () ->
                    new PodConversionException(
                        "transparent proxying outbound port has to be set in transparent mode"));
    return new TransparentProxying(
        PodAnnotations.port(inbound),
        PodAnnotations.port(outbound),
        annotations.list(PodAnnotations.DIRECT_ACCESS_SERVICES).orElse(List.of()),
        PodAnnotations.port(inboundV6),
        annotations.list(PodAnnotations.REACHABLE_SERVICES).orElse(List.of()));
  }

  private static String podIp(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getPodIP() == null
        ? ""
        : pod.getStatus().getPodIP();
  }
}
