package io.portico.cp.compiler.endpoints;

import io.portico.cp.compiler.plan.ClusterPlan;
import io.portico.cp.compiler.plan.ClusterPlan.ClusterPolicies;
import io.portico.cp.compiler.plan.ClusterPlan.UpstreamKind;
import io.portico.cp.compiler.plan.ClusterPlan.UpstreamProtocol;
import io.portico.cp.compiler.plan.EndpointPlan;
import io.portico.cp.compiler.plan.UpstreamTlsPlan;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A destination tag map resolved to its endpoints.
 *
 * @param service the destination's {@code kuma.io/service}
 * @param tags the destination tags
 * @param kind mesh dataplanes, an ExternalService or another mesh's crossMesh gateway
 * @param endpoints the endpoints; empty when nothing serves the destination
 * @param externalProtocol the ExternalService's {@code kuma.io/protocol}; UNKNOWN for mesh services
 * @param tls the TLS toward the endpoints (mesh mTLS, the ExternalService's TLS); null = none
 */
public record Destination(
    String service,
    Map<String, String> tags,
    UpstreamKind kind,
    List<EndpointPlan> endpoints,
    ServiceProtocol externalProtocol,
    UpstreamTlsPlan tls) {
  public Destination {
    Objects.requireNonNull(service, "service");
    tags = Map.copyOf(tags);
    Objects.requireNonNull(kind, "kind");
    endpoints = List.copyOf(endpoints);
    Objects.requireNonNull(externalProtocol, "externalProtocol");
  }

  /** The cluster serving this destination with the given protocol and policies. */
  public ClusterPlan cluster(UpstreamProtocol protocol, ClusterPolicies policies) {
    return new ClusterPlan("", service, tags, kind, protocol, endpoints, policies, tls);
  }
}
