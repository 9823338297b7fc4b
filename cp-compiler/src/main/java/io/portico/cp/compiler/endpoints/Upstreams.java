package io.portico.cp.compiler.endpoints;

import io.portico.cp.compiler.context.CrossMeshPeer;
import io.portico.cp.compiler.context.MeshContext;
import io.portico.cp.compiler.plan.ClusterPlan.UpstreamKind;
import io.portico.cp.compiler.plan.EndpointPlan;
import io.portico.cp.compiler.plan.Problems;
import io.portico.cp.compiler.plan.UpstreamTlsPlan;
import io.portico.cp.compiler.tls.UpstreamTlsPlans;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import io.portico.mesh.api.policy.ExternalServiceSpec;
import io.portico.mesh.api.validation.TagRules;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The endpoints of a mesh for one compilation: destinations resolved over the mesh's inbounds and
 * ExternalServices ({@link MeshEndpoints}, indexed by service once per snapshot), with what is
 * particular to the dataplane being compiled (which ExternalServices it may use, its problems).
 *
 * <p>Rules (spec/gateway.md §3.4, §4.6, §5.3, spec/core.md §2.1, §3.4):
 *
 * <ul>
 *   <li>An endpoint serves a destination when its tags contain every destination tag (a {@code *}
 *       destination value matches any value).
 *   <li>An inbound with {@code health.ready: false} is excluded; no {@code health} is healthy.
 *   <li>Its address is the dataplane's {@code advertisedAddress}, else the inbound's {@code
 *       address}, else {@code networking.address}; its port the inbound {@code port}; weight 1.
 *   <li>With mTLS on, mesh clusters carry the mesh's client-side mTLS ({@link UpstreamTlsPlans}).
 *   <li>When an ExternalService carries the destination's {@code kuma.io/service}, it wins over
 *       dataplanes with that service: the endpoints are those ExternalServices whose tags contain
 *       the destination tags and that the dataplane may use (TrafficPermission, §4.6), at the
 *       {@code host:port} of {@code networking.address}, with the TLS of the first of them. A TLS
 *       that cannot be built (its {@code caCert} did not resolve) leaves the destination without
 *       endpoints, and is recorded as a problem.
 *   <li>Cross-mesh ({@link #resolveCrossMesh}): the gateway dataplanes of the other mesh's
 *       crossMesh MeshGateways, one endpoint per dataplane and crossMesh listener port, tagged with
 *       the listener merged tags and {@code kuma.io/mesh}.
 * </ul>
 */
public final class Upstreams {
  private final MeshContext mesh;
  private final MeshEndpoints endpoints;
  private final Predicate<Resource<ExternalServiceSpec>> isExternalAllowed;
  private final Problems problems;

  private Upstreams(
      MeshContext mesh,
      MeshEndpoints endpoints,
      Predicate<Resource<ExternalServiceSpec>> isExternalAllowed,
      Problems problems) {
    this.mesh = mesh;
    this.endpoints = endpoints;
    this.isExternalAllowed = isExternalAllowed;
    this.problems = problems;
  }

  /** Indexes the inbounds and ExternalServices of a mesh; every ExternalService is usable. */
  public static Upstreams of(MeshContext mesh) {
    return of(mesh, service -> true, new Problems());
  }

  /**
   * Indexes the inbounds and ExternalServices of a mesh.
   *
   * @param isExternalAllowed which ExternalServices the dataplane may use
   * @param problems receives the destinations that could not be served
   */
  public static Upstreams of(
      MeshContext mesh,
      Predicate<Resource<ExternalServiceSpec>> isExternalAllowed,
      Problems problems) {
    return of(mesh, MeshEndpoints.of(mesh), isExternalAllowed, problems);
  }

  /**
   * The upstreams of one compilation over a mesh's endpoints indexed beforehand (once per
   * snapshot).
   *
   * @param endpoints the index of {@code mesh}'s endpoints ({@link MeshEndpoints#of})
   * @param isExternalAllowed which ExternalServices the dataplane may use
   * @param problems receives the destinations that could not be served
   */
  public static Upstreams of(
      MeshContext mesh,
      MeshEndpoints endpoints,
      Predicate<Resource<ExternalServiceSpec>> isExternalAllowed,
      Problems problems) {
    return new Upstreams(mesh, endpoints, isExternalAllowed, problems);
  }

  /** The endpoints serving a destination tag map (which must name a {@code kuma.io/service}). */
  public Destination resolve(Map<String, String> destination) {
    String service = destination.getOrDefault(TagRules.SERVICE, "");
    Selector selector = Selector.of(destination);
    List<Resource<ExternalServiceSpec>> external = endpoints.externalServices(service);
    if (external != null) {
      return external(service, destination, selector, external);
    }
    List<EndpointPlan> found = new ArrayList<>();
    for (MeshEndpoints.Inbound inbound : endpoints.candidates(destination)) {
      if (inbound.healthy() && selector.matches(inbound.tags())) {
        found.add(new EndpointPlan(inbound.address(), inbound.port(), 1));
      }
    }
    UpstreamTlsPlan tls =
        mesh.mtls().isEnabled() ? UpstreamTlsPlans.meshService(mesh.mtls(), destination) : null;
    return new Destination(
        service, destination, UpstreamKind.MESH, found, ServiceProtocol.UNKNOWN, tls);
  }

  private Destination external(
      String service,
      Map<String, String> destination,
      Selector selector,
      List<Resource<ExternalServiceSpec>> external) {
    List<EndpointPlan> endpoints = new ArrayList<>();
    Resource<ExternalServiceSpec> first = null;
    for (Resource<ExternalServiceSpec> candidate : external) {
      if (!selector.matches(candidate.spec().tags()) || !isExternalAllowed.test(candidate)) {
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
    UpstreamTlsPlan tls = null;
    List<String> notes = new ArrayList<>();
    String subject = "ExternalService " + described.name();
    try {
      tls = UpstreamTlsPlans.externalService(described.spec(), mesh.dataSources(), notes);
    } catch (IllegalArgumentException e) {
      problems.add(subject, "no endpoint: " + e.getMessage());
      endpoints.clear();
    }
    notes.forEach(n -> problems.add(subject, n));
    return new Destination(
        service,
        destination,
        UpstreamKind.EXTERNAL,
        endpoints,
        ServiceProtocol.parse(described.spec().tags().get(TagRules.PROTOCOL)),
        tls);
  }

  /**
   * The crossMesh gateways of another mesh serving an outbound's tags (spec/gateway.md §5.3): an
   * endpoint per gateway dataplane (at its {@code advertisedAddress}, else {@code address}) and
   * crossMesh listener port, when the outbound tags match the listener merged tags plus {@code
   * kuma.io/mesh}; mTLS toward {@code spiffe://<mesh>/<service>} trusting that mesh's CAs.
   *
   * @param otherMesh the gateway's mesh
   * @param outboundTags the outbound's tags, {@code kuma.io/mesh} included
   */
  public Destination resolveCrossMesh(String otherMesh, Map<String, String> outboundTags) {
    Map<String, String> destination = new TreeMap<>(outboundTags);
    destination.put(TagRules.MESH, otherMesh);
    Selector selector = Selector.of(destination);
    Set<EndpointPlan> endpoints = new LinkedHashSet<>();
    Set<String> trusted = new LinkedHashSet<>();
    for (CrossMeshPeer peer : mesh.crossMeshGateways()) {
      if (!peer.mesh().equals(otherMesh)) {
        continue;
      }
      trusted.addAll(peer.trustedCaPems());
      MeshGatewaySpec gateway = peer.gateway().spec();
      List<MeshGatewaySpec.Listener> listeners =
          gateway.conf() == null ? List.of() : gateway.conf().listeners();
      for (Resource<DataplaneSpec> dataplane : peer.dataplanes()) {
        DataplaneSpec.Networking networking = dataplane.spec().networking();
        if (networking == null || networking.gateway() == null) {
          continue;
        }
        String address =
            networking.advertisedAddress().isEmpty()
                ? networking.address()
                : networking.advertisedAddress();
        for (MeshGatewaySpec.Listener listener : listeners) {
          if (listener == null || !listener.crossMesh()) {
            continue;
          }
          Map<String, String> tags = new TreeMap<>(networking.gateway().tags());
          tags.putAll(gateway.tags());
          tags.putAll(listener.tags());
          tags.put(TagRules.MESH, otherMesh);
          if (selector.matches(tags)) {
            endpoints.add(new EndpointPlan(address, listener.port(), 1));
          }
        }
      }
    }
    return new Destination(
        destination.getOrDefault(TagRules.SERVICE, ""),
        destination,
        UpstreamKind.CROSS_MESH,
        List.copyOf(endpoints),
        ServiceProtocol.HTTP,
        UpstreamTlsPlans.crossMesh(otherMesh, destination, List.copyOf(trusted)));
  }

  /**
   * The protocol of the service a sidecar outbound names (Kuma's {@code InferServiceProtocol}): the
   * ExternalService's {@code kuma.io/protocol} when one has the service, otherwise the common
   * protocol of every inbound matching the destination tags, healthy or not (so that a failing
   * instance does not flip the listener type); UNKNOWN when nothing matches.
   */
  public ServiceProtocol serviceProtocol(Map<String, String> destination) {
    String service = destination.getOrDefault(TagRules.SERVICE, "");
    if (endpoints.externalServices(service) != null) {
      return resolve(destination).externalProtocol();
    }
    Selector selector = Selector.of(destination);
    ServiceProtocol common = null;
    for (MeshEndpoints.Inbound inbound : endpoints.candidates(destination)) {
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
}
