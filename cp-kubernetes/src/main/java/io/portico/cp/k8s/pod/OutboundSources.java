package io.portico.cp.k8s.pod;

import io.fabric8.kubernetes.api.model.Service;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the Kuma-style outbounds of a pod are computed from (spec/kubernetes.md §5.6): the specs of
 * every Dataplane of the pod's mesh, cluster-wide and the pod's own included (their inbounds name
 * the services and, for headless Services, the endpoints), and a way to find a Service by namespace
 * and name (its cluster IP, whether it is headless).
 *
 * @param meshDataplanes the specs of all Dataplanes of the pod's mesh, in any order
 * @param services finds a Service of any namespace, e.g. from the controller's informer cache
 */
public record OutboundSources(List<DataplaneSpec> meshDataplanes, ServiceLookup services) {
  public OutboundSources {
    meshDataplanes = List.copyOf(meshDataplanes);
    Objects.requireNonNull(services, "services");
  }

  /** Finds a Service by namespace and name; must not do I/O (read a cache). */
  @FunctionalInterface
  public interface ServiceLookup {
    Optional<Service> find(String namespace, String name);
  }

  /** Sources over a fixed set of Services (any namespaces). */
  public static OutboundSources of(
      Collection<DataplaneSpec> meshDataplanes, Collection<Service> services) {
    Map<String, Service> byKey = new HashMap<>();
    for (Service service : services) {
      byKey.put(
          key(service.getMetadata().getNamespace(), service.getMetadata().getName()), service);
    }
    Map<String, Service> frozen = Map.copyOf(byKey);
    return new OutboundSources(
        List.copyOf(meshDataplanes),
        (namespace, name) -> Optional.ofNullable(frozen.get(key(namespace, name))));
  }

  /** No Dataplanes in the mesh: no Kuma-style outbounds. */
  public static OutboundSources none() {
    return new OutboundSources(List.of(), (namespace, name) -> Optional.empty());
  }

  private static String key(String namespace, String name) {
    return (namespace == null ? "" : namespace) + "/" + name;
  }
}
