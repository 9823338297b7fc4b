package io.portico.cp.k8s.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.portico.mesh.api.dataplane.DataplaneSpec.Health;
import io.portico.mesh.api.dataplane.DataplaneSpec.Inbound;
import io.portico.mesh.api.validation.TagRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The inbounds of an injected pod (spec/kubernetes.md §5.3–§5.5): one per TCP port of each Service
 * that selects the pod, tagged from the pod's labels and the Service, with the readiness of the
 * container behind the port; or, when no Service selects the pod, one serviceless inbound on the
 * reserved port 49151.
 */
final class InboundConverter {
  /** The port of the serviceless inbound: reserved, never allocated (spec/kubernetes.md §5.5). */
  static final int SERVICELESS_PORT = 49151;

  static final String SIDECAR_CONTAINER = "kuma-sidecar";
  static final String NAMESPACE_TAG = "k8s.kuma.io/namespace";
  static final String SERVICE_NAME_TAG = "k8s.kuma.io/service-name";
  static final String SERVICE_PORT_TAG = "k8s.kuma.io/service-port";
  static final String INSTANCE_TAG = "kuma.io/instance";

  private InboundConverter() {}

  /**
   * The Services that select the pod (spec/kubernetes.md §5.3 point 1): same namespace, a non-empty
   * selector matching the pod's labels, not annotated {@code kuma.io/ignore: true|enabled}; sorted
   * by name.
   */
  static List<Service> selectingServices(Pod pod, List<Service> servicesInNamespace) {
    Map<String, String> labels = labels(pod);
    String namespace = pod.getMetadata().getNamespace();
    return servicesInNamespace.stream()
        .filter(s -> s.getSpec() != null && s.getMetadata() != null)
        .filter(
            s ->
                s.getMetadata().getNamespace() == null
                    || Objects.equals(s.getMetadata().getNamespace(), namespace))
        .filter(s -> isSelecting(s.getSpec().getSelector(), labels))
        .filter(
            s ->
                !PodAnnotations.of(s.getMetadata().getAnnotations())
                    .isEnabledLeniently(PodAnnotations.IGNORE))
        .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
        .toList();
  }

  private static boolean isSelecting(Map<String, String> selector, Map<String, String> labels) {
    if (selector == null || selector.isEmpty()) {
      return false;
    }
    return selector.entrySet().stream()
        .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
  }

  /**
   * The inbounds of the pod (spec/kubernetes.md §5.3): per selecting Service, per TCP port with a
   * matching container port; or the serviceless inbound when no Service selects the pod.
   *
   * @param isDelegatedGateway drops {@code kuma.io/protocol} from Service inbound tags unless it is
   *     {@code tcp} (§5.4, §5.8)
   * @throws PodConversionException when Services select the pod but none of their ports match
   */
  static List<Inbound> inbounds(
      Pod pod, List<Service> selectingServices, String zone, boolean isDelegatedGateway) {
    List<Inbound> inbounds = new ArrayList<>();
    for (Service service : selectingServices) {
      inbounds.addAll(inboundsOf(pod, service, zone, isDelegatedGateway));
    }
    if (!inbounds.isEmpty()) {
      return List.copyOf(inbounds);
    }
    if (!selectingServices.isEmpty()) {
      throw new PodConversionException(
          "A service that selects pod "
              + pod.getMetadata().getName()
              + " was found, but it doesn't match any container ports.");
    }
    return List.of(serviceless(pod, zone));
  }

  private static List<Inbound> inboundsOf(
      Pod pod, Service service, String zone, boolean isDelegatedGateway) {
    List<Inbound> out = new ArrayList<>();
    List<ServicePort> ports = service.getSpec().getPorts();
    for (ServicePort port : ports == null ? List.<ServicePort>of() : ports) {
      if (!isTcp(port.getProtocol())) {
        continue;
      }
      TargetPort target = targetPort(pod, port);
      if (target == null) {
        continue;
      }
      out.add(
          new Inbound(
              target.port(),
              0,
              null,
              null,
              serviceTags(pod, service, port, zone, isDelegatedGateway),
              serviceHealth(pod, target.container()),
              null));
    }
    return out;
  }

  /** A container port a Service port targets, and the container declaring it (if known). */
  private record TargetPort(int port, Container container) {}

  /**
   * Kuma's {@code FindPort} (spec/kubernetes.md §5.3 point 2): a named {@code targetPort} is the
   * first container port of that name and protocol, or nothing; a numbered one is the declared
   * container port of that number and protocol (with its container) or the number alone. An absent
   * {@code targetPort} is the Service {@code port}, as the API server defaults it.
   */
  private static TargetPort targetPort(Pod pod, ServicePort servicePort) {
    IntOrString target = servicePort.getTargetPort();
    String protocol = protocolOrTcp(servicePort.getProtocol());
    if (target != null && target.getStrVal() != null) {
      for (Container container : containers(pod)) {
        for (ContainerPort port : containerPorts(container)) {
          if (target.getStrVal().equals(port.getName())
              && protocolOrTcp(port.getProtocol()).equals(protocol)
              && port.getContainerPort() != null) {
            return new TargetPort(port.getContainerPort(), container);
          }
        }
      }
      return null;
    }
    int number =
        target != null && target.getIntVal() != null
            ? target.getIntVal()
            : intValue(servicePort.getPort());
    for (Container container : containers(pod)) {
      for (ContainerPort port : containerPorts(container)) {
        if (Objects.equals(port.getContainerPort(), number)
            && protocolOrTcp(port.getProtocol()).equals(protocol)) {
          return new TargetPort(number, container);
        }
      }
    }
    return new TargetPort(number, null);
  }

  /**
   * The tags of a Service inbound (spec/kubernetes.md §5.4): the pod's labels without empty values
   * and keys containing {@code kuma.io/}, then the namespace, Service name and port, {@code
   * kuma.io/service}, the zone, the protocol and, for headless Services, the instance.
   */
  static Map<String, String> serviceTags(
      Pod pod, Service service, ServicePort port, String zone, boolean isDelegatedGateway) {
    Map<String, String> tags = new TreeMap<>();
    labels(pod)
        .forEach(
            (key, value) -> {
              if (value != null && !value.isEmpty() && !key.contains("kuma.io/")) {
                tags.put(key, value);
              }
            });
    String namespace = pod.getMetadata().getNamespace();
    int servicePort = intValue(port.getPort());
    tags.put(NAMESPACE_TAG, namespace);
    tags.put(SERVICE_NAME_TAG, service.getMetadata().getName());
    tags.put(SERVICE_PORT_TAG, Integer.toString(servicePort));
    String serviceNamespace =
        service.getMetadata().getNamespace() == null
            ? namespace
            : service.getMetadata().getNamespace();
    tags.put(
        TagRules.SERVICE,
        new ServiceTag(service.getMetadata().getName(), serviceNamespace, servicePort).value());
    if (!zone.isEmpty()) {
      tags.put(TagRules.ZONE, zone);
    }
    String protocol = protocol(service, port);
    if (!isDelegatedGateway || protocol.equals("tcp")) {
      tags.put(TagRules.PROTOCOL, protocol);
    }
    if (isHeadless(service)) {
      tags.put(INSTANCE_TAG, pod.getMetadata().getName());
    }
    return tags;
  }

  /**
   * Kuma's {@code ProtocolTagFor} (spec/kubernetes.md §5.4): the port's {@code appProtocol} when
   * set (even empty), else the Service annotation {@code <port>.service.kuma.io/protocol}; empty
   * means {@code tcp}; lowercased, unknown values kept.
   */
  static String protocol(Service service, ServicePort port) {
    String value;
    if (port.getAppProtocol() != null) {
      value = port.getAppProtocol();
    } else {
      value =
          PodAnnotations.of(service.getMetadata().getAnnotations())
              .string(intValue(port.getPort()) + ".service.kuma.io/protocol")
              .orElse("");
    }
    return (value.isEmpty() ? "tcp" : value).toLowerCase(Locale.ROOT);
  }

  /**
   * The readiness of a Service inbound (spec/kubernetes.md §5.3 point 3): the status of the
   * container behind the port, ANDed with the sidecar's; none when neither has a status; not ready
   * while the pod terminates.
   */
  private static Health serviceHealth(Pod pod, Container container) {
    Boolean ready = null;
    if (container != null) {
      ContainerStatus status = status(pod, container.getName());
      if (status != null) {
        ready = Boolean.TRUE.equals(status.getReady());
      }
    }
    ready = andSidecar(pod, ready);
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      ready = false;
    }
    return ready == null ? null : new Health(ready);
  }

  /**
   * The serviceless inbound (spec/kubernetes.md §5.5): every labelled value (no {@code kuma.io/}
   * filtering, as Kuma), the namespace, {@code kuma.io/service: <name>_<namespace>_svc}, {@code
   * tcp}, the pod as instance and the zone; readiness of the last application container with a
   * status, ANDed with the sidecar's.
   */
  static Inbound serviceless(Pod pod, String zone) {
    Map<String, String> tags = new TreeMap<>();
    labels(pod)
        .forEach(
            (key, value) -> {
              if (value != null && !value.isEmpty()) {
                tags.put(key, value);
              }
            });
    String namespace = pod.getMetadata().getNamespace();
    tags.put(NAMESPACE_TAG, namespace);
    tags.put(
        TagRules.SERVICE, servicelessName(pod.getMetadata().getName()) + "_" + namespace + "_svc");
    if (!zone.isEmpty()) {
      tags.put(TagRules.ZONE, zone);
    }
    tags.put(TagRules.PROTOCOL, "tcp");
    tags.put(INSTANCE_TAG, pod.getMetadata().getName());
    Boolean ready = null;
    for (Container container : containers(pod)) {
      if (!SIDECAR_CONTAINER.equals(container.getName())) {
        ContainerStatus status = status(pod, container.getName());
        if (status != null) {
          ready = Boolean.TRUE.equals(status.getReady());
        }
      }
    }
    ready = andSidecar(pod, ready);
    return new Inbound(
        SERVICELESS_PORT, 0, null, null, tags, ready == null ? null : new Health(ready), null);
  }

  /**
   * The service name of a pod no Service selects: the pod name without its last two {@code
   * -}-separated segments (a Deployment's {@code <name>-<replicaset>-<pod>}), when it has more than
   * two.
   */
  static String servicelessName(String podName) {
    String[] segments = podName.split("-", -1);
    if (segments.length <= 2) {
      return podName;
    }
    return String.join("-", Arrays.asList(segments).subList(0, segments.length - 2));
  }

  private static Boolean andSidecar(Pod pod, Boolean ready) {
    ContainerStatus sidecar = status(pod, SIDECAR_CONTAINER);
    if (sidecar == null) {
      return ready;
    }
    boolean sidecarReady = Boolean.TRUE.equals(sidecar.getReady());
    return ready == null ? sidecarReady : ready && sidecarReady;
  }

  static boolean isHeadless(Service service) {
    return "None".equals(service.getSpec().getClusterIP());
  }

  private static boolean isTcp(String protocol) {
    return protocol == null || protocol.isEmpty() || protocol.equals("TCP");
  }

  private static String protocolOrTcp(String protocol) {
    return protocol == null || protocol.isEmpty() ? "TCP" : protocol;
  }

  private static ContainerStatus status(Pod pod, String containerName) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
      if (status != null && Objects.equals(status.getName(), containerName)) {
        return status;
      }
    }
    return null;
  }

  private static List<Container> containers(Pod pod) {
    if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
      return List.of();
    }
    return pod.getSpec().getContainers();
  }

  private static List<ContainerPort> containerPorts(Container container) {
    return container.getPorts() == null ? List.of() : container.getPorts();
  }

  static Map<String, String> labels(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  private static int intValue(Integer value) {
    return value == null ? 0 : value;
  }
}
