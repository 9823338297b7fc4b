package io.portico.cp.compiler.endpoints;

import io.portico.cp.compiler.context.MeshContext;
import io.portico.cp.compiler.plan.ClusterPlan.UpstreamKind;
import io.portico.cp.compiler.plan.EndpointPlan;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.policy.ExternalServiceSpec;
import io.portico.mesh.api.validation.TagRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The endpoints of a mesh, indexed once per compilation: every inbound of every dataplane (with its
 * tags and health) and the ExternalServices by service name.
 *
 * <p>Rules (spec/gateway.md §3.4, spec/core.md §2.1):
 *
 * <ul>
 *   <li>An endpoint serves a destination when its tags contain every destination tag (a {@code *}
 *       destination value matches any value).
 *   <li>An inbound with {@code health.ready: false} is excluded; no {@code health} is healthy.
 *   <li>Its address is the dataplane's {@code advertisedAddress}, else the inbound's {@code
 *       address}, else {@code networking.address}; its port the inbound {@code port}; weight 1.
 *   <li>When an ExternalService carries the destination's {@code kuma.io/service}, it wins over
 *       dataplanes with that service: the endpoints are those ExternalServices whose tags contain
 *       the destination tags, at the {@code host:port} of {@code networking.address}.
 * </ul>
 */
public final class Upstreams {
  private final List<Inbound> inbounds;
  private final Map<String, List<Resource<ExternalServiceSpec>>> externalByService;

  private Upstreams(
      List<Inbound> inbounds, Map<String, List<Resource<ExternalServiceSpec>>> externalByService) {
    this.inbounds = inbounds;
    this.externalByService = externalByService;
  }

  /** Indexes the inbounds and ExternalServices of a mesh. */
  public static Upstreams of(MeshContext mesh) {
    List<Inbound> inbounds = new ArrayList<>();
    for (Resource<DataplaneSpec> dataplane : mesh.dataplanes()) {
      DataplaneSpec.Networking networking = dataplane.spec().networking();
      if (networking == null) {
        continue;
      }
      for (DataplaneSpec.Inbound inbound : networking.inbound()) {
        if (inbound == null) {
          continue;
        }
        String address =
            !networking.advertisedAddress().isEmpty()
                ? networking.advertisedAddress()
                : !inbound.address().isEmpty() ? inbound.address() : networking.address();
        boolean healthy = inbound.health() == null || inbound.health().ready();
        inbounds.add(new Inbound(inbound.tags(), address, inbound.port(), healthy));
      }
    }
    Map<String, List<Resource<ExternalServiceSpec>>> external = new LinkedHashMap<>();
    for (Resource<ExternalServiceSpec> service : mesh.externalServices()) {
      String name = service.spec().tags().get(TagRules.SERVICE);
      if (name != null) {
        external.computeIfAbsent(name, n -> new ArrayList<>()).add(service);
      }
    }
    return new Upstreams(List.copyOf(inbounds), external);
  }

  /** The endpoints serving a destination tag map (which must name a {@code kuma.io/service}). */
  public Destination resolve(Map<String, String> destination) {
    String service = destination.getOrDefault(TagRules.SERVICE, "");
    Selector selector = Selector.of(destination);
    List<Resource<ExternalServiceSpec>> external = externalByService.get(service);
    if (external != null) {
      List<EndpointPlan> endpoints = new ArrayList<>();
      Resource<ExternalServiceSpec> first = null;
      for (Resource<ExternalServiceSpec> candidate : external) {
        if (!selector.matches(candidate.spec().tags())) {
          continue;
        }
        if (first == null) {
          first = candidate;
        }
        EndpointPlan endpoint = hostPort(candidate.spec());
        if (endpoint != null) {
          endpoints.add(endpoint);
        }
      }
      Resource<ExternalServiceSpec> described = first == null ? external.get(0) : first;
      ExternalServiceSpec.Networking networking = described.spec().networking();
      ExternalServiceSpec.Tls tls =
          networking != null && networking.tls() != null && networking.tls().enabled()
              ? networking.tls()
              : null;
      return new Destination(
          service,
          destination,
          UpstreamKind.EXTERNAL,
          endpoints,
          ServiceProtocol.parse(described.spec().tags().get(TagRules.PROTOCOL)),
          tls);
    }
    List<EndpointPlan> endpoints = new ArrayList<>();
    for (Inbound inbound : inbounds) {
      if (inbound.healthy() && selector.matches(inbound.tags())) {
        endpoints.add(new EndpointPlan(inbound.address(), inbound.port(), 1));
      }
    }
    return new Destination(
        service, destination, UpstreamKind.MESH, endpoints, ServiceProtocol.UNKNOWN, null);
  }

  /**
   * The protocol of the service a sidecar outbound names (Kuma's {@code InferServiceProtocol}): the
   * ExternalService's {@code kuma.io/protocol} when one has the service, otherwise the common
   * protocol of every inbound matching the destination tags, healthy or not (so that a failing
   * instance does not flip the listener type); UNKNOWN when nothing matches.
   */
  public ServiceProtocol serviceProtocol(Map<String, String> destination) {
    String service = destination.getOrDefault(TagRules.SERVICE, "");
    List<Resource<ExternalServiceSpec>> external = externalByService.get(service);
    if (external != null) {
      return resolve(destination).externalProtocol();
    }
    Selector selector = Selector.of(destination);
    ServiceProtocol common = null;
    for (Inbound inbound : inbounds) {
      if (selector.matches(inbound.tags())) {
        ServiceProtocol protocol = ServiceProtocol.parse(inbound.tags().get(TagRules.PROTOCOL));
        common = common == null ? protocol : common.commonWith(protocol);
      }
    }
    return common == null ? ServiceProtocol.UNKNOWN : common;
  }

  /** The endpoint of an ExternalService's {@code host:port} or {@code [v6]:port}; null if bad. */
  static EndpointPlan hostPort(ExternalServiceSpec spec) {
    if (spec.networking() == null) {
      return null;
    }
    String address = spec.networking().address();
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      return null;
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      return null;
    }
    if (host.isEmpty() || port < 1 || port > 65535) {
      return null;
    }
    return new EndpointPlan(host, port, 1);
  }

  private record Inbound(Map<String, String> tags, String address, int port, boolean healthy) {}
}
