package io.portico.cp.k8s.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.gateway.MeshGatewayInstanceSpec;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Service of a MeshGatewayInstance that serves a MeshGateway (spec/kubernetes.md §4.4): the
 * existing Service mutated, or a new one, exactly as Kuma 2.0.8's {@code createOrUpdateService}
 * mutates it, except that existing port entries are reused by port number (D8).
 *
 * <p>Fields this controller sets; every other field of an existing Service is kept:
 *
 * <pre>
 * metadata.name, namespace   the instance's, at creation only (an adopted Service keeps its name)
 * metadata.annotations       kuma.io/gateway: builtin, then the existing ones, then
 *                            serviceTemplate.metadata.annotations (later wins); none is ever
 *                            removed [quirk]
 * metadata.ownerReferences   the controller reference (upserted)
 * spec.type                  spec.serviceType (LoadBalancer when absent, D3)
 * spec.selector              {app: &lt;instance&gt;}, replaced
 * spec.ports                 one per distinct listener port, in listener order: name "&lt;port&gt;",
 *                            TCP, targetPort = port, nodePort = port for NodePort; replaced whole,
 *                            each entry based on the existing entry with that port number
 * spec.loadBalancerIP        the template's when it has one; never cleared
 * </pre>
 */
public final class ServiceEmitter {
  static final String GATEWAY_ANNOTATION = "kuma.io/gateway";
  static final String BUILTIN = "builtin";
  static final String APP_LABEL = "app";

  private ServiceEmitter() {}

  /**
   * The Service as it must be after this reconcile.
   *
   * @param instance the instance
   * @param gateway the MeshGateway the instance serves
   * @param existing the Service the instance controls now, or null; not modified
   * @throws io.portico.mesh.api.validation.ValidationException when the service template is not
   *     made of the expected types ({@code spec.serviceTemplate...})
   */
  public static Service emit(
      GatewayInstance instance, Resource<MeshGatewaySpec> gateway, Service existing) {
    ServiceTemplate template = ServiceTemplate.read(instance.spec().serviceTemplate());
    Service service;
    if (existing != null) {
      service = ObjectTrees.copy(existing);
    } else {
      service = new Service();
      service.setApiVersion("v1");
      service.setKind("Service");
      ObjectMeta meta = new ObjectMeta();
      meta.setNamespace(instance.namespace());
      meta.setName(instance.name());
      service.setMetadata(meta);
    }
    if (service.getSpec() == null) {
      service.setSpec(new ServiceSpec());
    }

    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(GATEWAY_ANNOTATION, BUILTIN);
    if (service.getMetadata().getAnnotations() != null) {
      annotations.putAll(service.getMetadata().getAnnotations());
    }
    annotations.putAll(template.annotations());
    service.getMetadata().setAnnotations(annotations);
    ControllerReference.set(service, instance);

    ServiceSpec spec = service.getSpec();
    String type = instance.spec().serviceType().toString();
    spec.setPorts(ports(gateway.spec(), spec.getPorts(), instance.spec().serviceType()));
    spec.setSelector(new LinkedHashMap<>(Map.of(APP_LABEL, instance.name())));
    spec.setType(type);
    if (!template.loadBalancerIp().isEmpty()) {
      spec.setLoadBalancerIP(template.loadBalancerIp());
    }
    return service;
  }

  /**
   * One port per distinct listener port, in listener order. The base of each entry is the first
   * existing entry with that port number (D8; Kuma 2.0.8 takes the entry at the listener's index,
   * so server-filled fields such as an allocated {@code nodePort} could move between ports).
   */
  static List<ServicePort> ports(
      MeshGatewaySpec gateway,
      List<ServicePort> existing,
      MeshGatewayInstanceSpec.ServiceType type) {
    Set<Integer> seen = new LinkedHashSet<>();
    if (gateway.conf() != null) {
      for (MeshGatewaySpec.Listener listener : gateway.conf().listeners()) {
        if (listener != null) {
          seen.add(listener.port());
        }
      }
    }
    List<ServicePort> ports = new ArrayList<>();
    for (int port : seen) {
      ServicePort entry = new ServicePort();
      if (existing != null) {
        for (ServicePort old : existing) {
          if (old.getPort() != null && old.getPort() == port) {
            entry = ObjectTrees.copy(old);
            break;
          }
        }
      }
      entry.setName(Integer.toString(port));
      entry.setProtocol("TCP");
      entry.setPort(port);
      entry.setTargetPort(new IntOrString(port));
      if (type == MeshGatewayInstanceSpec.ServiceType.NODE_PORT) {
        entry.setNodePort(port);
      }
      ports.add(entry);
    }
    return ports;
  }

  /**
   * What the controller reads of {@code spec.serviceTemplate} in 2.0.8: {@code
   * metadata.annotations} and {@code spec.loadBalancerIP}.
   */
  record ServiceTemplate(Map<String, String> annotations, String loadBalancerIp) {
    static ServiceTemplate read(JsonNode template) {
      Errors errors = new Errors();
      Path path = Path.of("spec").field("serviceTemplate");
      Map<String, String> annotations = new LinkedHashMap<>();
      String loadBalancerIp = "";
      if (template != null) {
        JsonNode node = template.path("metadata").path("annotations");
        Path at = path.field("metadata").field("annotations");
        if (node.isObject()) {
          for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getValue().isTextual()) {
              annotations.put(e.getKey(), e.getValue().asText());
            } else if (!e.getValue().isNull()) {
              errors.add(at.key(e.getKey()), "must be a string");
            }
          }
        } else if (!node.isMissingNode() && !node.isNull()) {
          errors.add(at, "must be an object");
        }
        JsonNode ip = template.path("spec").path("loadBalancerIP");
        if (ip.isTextual()) {
          loadBalancerIp = ip.asText();
        } else if (!ip.isMissingNode() && !ip.isNull()) {
          errors.add(path.field("spec").field("loadBalancerIP"), "must be a string");
        }
      }
      errors.throwIfAny();
      return new ServiceTemplate(annotations, loadBalancerIp);
    }
  }
}
