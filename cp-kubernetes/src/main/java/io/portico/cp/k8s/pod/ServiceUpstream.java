package io.portico.cp.k8s.pod;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import java.util.Map;
import java.util.TreeMap;

/**
 * The service controller's decision (spec/kubernetes.md §5.11, Kuma's {@code service_controller}):
 * Services of namespaces with sidecar injection get the service-upstream annotations, so that
 * ingress controllers (NGINX, Kong) send to the Service's cluster IP, where the mesh routes, rather
 * than to pod IPs.
 */
public final class ServiceUpstream {
  public static final String INGRESS_SERVICE_UPSTREAM = "ingress.kubernetes.io/service-upstream";
  public static final String NGINX_SERVICE_UPSTREAM =
      "nginx.ingress.kubernetes.io/service-upstream";

  private ServiceUpstream() {}

  /**
   * The annotations to set on the Service, only those not already set to {@code "true"}; empty when
   * the Service is a builtin gateway's ({@code kuma.io/gateway: builtin}), its Namespace has
   * neither label nor annotation {@code kuma.io/sidecar-injection: enabled|true}, or it is
   * annotated {@code kuma.io/ignore: true|enabled}. Annotations are never removed.
   */
  public static Map<String, String> annotationsToAdd(Service service, Namespace namespace) {
    Map<String, String> current =
        service.getMetadata() == null || service.getMetadata().getAnnotations() == null
            ? Map.of()
            : service.getMetadata().getAnnotations();
    PodAnnotations annotations = PodAnnotations.of(current);
    if (annotations
        .string(PodAnnotations.GATEWAY)
        .filter(PodAnnotations.BUILTIN::equals)
        .isPresent()) {
      return Map.of();
    }
    boolean injected =
        namespace != null
            && namespace.getMetadata() != null
            && (PodAnnotations.of(namespace.getMetadata().getLabels())
                    .isEnabledLeniently(PodAnnotations.SIDECAR_INJECTION)
                || PodAnnotations.of(namespace.getMetadata().getAnnotations())
                    .isEnabledLeniently(PodAnnotations.SIDECAR_INJECTION));
    if (!injected || annotations.isEnabledLeniently(PodAnnotations.IGNORE)) {
      return Map.of();
    }
    Map<String, String> out = new TreeMap<>();
    for (String key : new String[] {INGRESS_SERVICE_UPSTREAM, NGINX_SERVICE_UPSTREAM}) {
      if (!"true".equals(current.get(key))) {
        out.put(key, "true");
      }
    }
    return Map.copyOf(out);
  }
}
