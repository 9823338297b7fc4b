package io.portico.cp.k8s.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.portico.mesh.api.dataplane.DataplaneSpec.Endpoint;
import io.portico.mesh.api.dataplane.DataplaneSpec.Probes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Dataplane's virtual probes (spec/kubernetes.md §5.9, Kuma's {@code ProbesFor}): with {@code
 * kuma.io/virtual-probes: enabled}, one endpoint per HTTP liveness, readiness and startup probe of
 * the application containers, which the injector rewrote to {@code <virtual port>/<port><path>}.
 */
final class VirtualProbes {
  private VirtualProbes() {}

  /**
   * The probes, or null when virtual probes are not enabled.
   *
   * @throws PodConversionException for a malformed annotation, a missing probe port, or a probe
   *     that was not rewritten to the virtual port
   */
  static Probes of(Pod pod, PodAnnotations annotations) {
    if (!annotations.enabled(PodAnnotations.VIRTUAL_PROBES).orElse(false)) {
      return null;
    }
    long port =
        annotations
            .uint32(PodAnnotations.VIRTUAL_PROBES_PORT)
            .orElseThrow(
                () ->
                    new PodConversionException(
                        PodAnnotations.VIRTUAL_PROBES_PORT + " annotation doesn't exist"));
    List<Endpoint> endpoints = new ArrayList<>();
    List<Container> containers =
        pod.getSpec() == null || pod.getSpec().getContainers() == null
            ? List.of()
            : pod.getSpec().getContainers();
    for (Container container : containers) {
      if (InboundConverter.SIDECAR_CONTAINER.equals(container.getName())) {
        continue;
      }
      for (Probe probe :
          Arrays.asList(
              container.getLivenessProbe(),
              container.getReadinessProbe(),
              container.getStartupProbe())) {
        if (probe != null && probe.getHttpGet() != null) {
          endpoints.add(endpoint(probe.getHttpGet(), port));
        }
      }
    }
    return new Probes(PodAnnotations.port(port), endpoints);
  }

  /**
   * Kuma's {@code KumaProbe.ToReal}: {@code /8080/metrics} ⇒ inbound 8080, path {@code /metrics}.
   */
  private static Endpoint endpoint(HTTPGetAction httpGet, long virtualPort) {
    long port = portOf(httpGet.getPort());
    if (port != virtualPort) {
      throw failure("probe's port " + port + " should be equal to virtual port " + virtualPort);
    }
    String path = httpGet.getPath() == null ? "" : httpGet.getPath();
    String[] segments = path.split("/", -1);
    if (segments.length < 2 || !segments[0].isEmpty()) {
      throw failure("not enough segments in probe's path");
    }
    int inboundPort;
    try {
      inboundPort = Integer.parseInt(segments[1]);
    } catch (NumberFormatException e) {
      throw failure("invalid port value " + segments[1]);
    }
    String inboundPath =
        "/" + String.join("/", Arrays.asList(segments).subList(2, segments.length));
    return new Endpoint(inboundPort, inboundPath, path);
  }

  /** Go's {@code IntOrString.IntValue()}: the number, or the string parsed (0 if it is not one). */
  private static long portOf(IntOrString port) {
    if (port == null) {
      return 0;
    }
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    try {
      return Integer.parseInt(port.getStrVal());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static PodConversionException failure(String reason) {
    return new PodConversionException("unable to convert virtual probe to real: " + reason);
  }
}
