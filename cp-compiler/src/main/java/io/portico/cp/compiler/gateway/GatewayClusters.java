package io.portico.cp.compiler.gateway;

import io.portico.cp.compiler.endpoints.Destination;
import io.portico.cp.compiler.endpoints.ServiceProtocol;
import io.portico.cp.compiler.endpoints.Upstreams;
import io.portico.cp.compiler.plan.ClusterPlan;
import io.portico.cp.compiler.plan.ClusterPlan.UpstreamProtocol;
import io.portico.mesh.api.validation.TagRules;
import java.util.HashMap;
import java.util.Map;

/**
 * The cluster of a gateway backend destination (spec/gateway.md §3.4, §4.3): its endpoints, its
 * protocol and the connection policies that won for it on the host.
 *
 * <p>Protocol: TCP for TCP routes; for HTTP routes HTTP/2 when the <b>destination tags</b> (or the
 * ExternalService's tags) say {@code kuma.io/protocol: http2} or {@code grpc}, HTTP/1.1 otherwise —
 * the endpoints' own protocol tag is not consulted (decision Q7).
 *
 * <p>Destinations are resolved once per compilation (a rule's backends serve every entry of the
 * rule, on every host): one instance per compilation, confined to its caller.
 */
final class GatewayClusters {
  private final Upstreams upstreams;
  private final Map<Map<String, String>, Destination> resolved = new HashMap<>();

  GatewayClusters(Upstreams upstreams) {
    this.upstreams = upstreams;
  }

  private Destination resolve(Map<String, String> destination) {
    return resolved.computeIfAbsent(Map.copyOf(destination), upstreams::resolve);
  }

  /** The cluster of an HTTP route backend or mirror. */
  ClusterPlan http(Map<String, String> destination, HostPolicies policies) {
    Destination target = resolve(destination);
    UpstreamProtocol protocol =
        protocolOf(target).isHttp2() ? UpstreamProtocol.HTTP2 : UpstreamProtocol.HTTP1;
    return target.cluster(protocol, policies.forDestination(destination));
  }

  /** The cluster of a TCP route backend. */
  ClusterPlan tcp(Map<String, String> destination, HostPolicies policies) {
    return resolve(destination).cluster(UpstreamProtocol.TCP, policies.forDestination(destination));
  }

  /** The protocol a destination declares: its tags', else its ExternalService's. */
  ServiceProtocol protocolOf(Map<String, String> destination) {
    return protocolOf(resolve(destination));
  }

  private static ServiceProtocol protocolOf(Destination destination) {
    ServiceProtocol declared = ServiceProtocol.parse(destination.tags().get(TagRules.PROTOCOL));
    return declared != ServiceProtocol.UNKNOWN ? declared : destination.externalProtocol();
  }
}
