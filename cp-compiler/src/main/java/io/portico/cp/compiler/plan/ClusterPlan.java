package io.portico.cp.compiler.plan;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.policy.CircuitBreakerSpec;
import io.portico.mesh.api.policy.HealthCheckSpec;
import io.portico.mesh.api.policy.TimeoutSpec;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An upstream cluster: where a destination's endpoints are and how to talk to them. Equal plans are
 * one cluster; the emitter names them ({@code <service>-<hash of destination>}) unless {@code name}
 * is set.
 *
 * @param name a fixed name (local inbound clusters); empty = derived from service and destination
 * @param service the destination's {@code kuma.io/service}
 * @param destination the destination tags the endpoints were chosen by (sorted)
 * @param kind mesh service, external service or local application
 * @param protocol how the proxy talks to the endpoints
 * @param endpoints the endpoints, sorted; empty = the proxy answers 503
 * @param policies the connection policies that won for this destination
 * @param tls TLS the proxy originates toward the endpoints (mesh mTLS, an ExternalService's TLS);
 *     null = plaintext
 */
public record ClusterPlan(
    String name,
    String service,
    Map<String, String> destination,
    UpstreamKind kind,
    UpstreamProtocol protocol,
    List<EndpointPlan> endpoints,
    ClusterPolicies policies,
    UpstreamTlsPlan tls) {
  public ClusterPlan {
    name = name == null ? "" : name;
    Objects.requireNonNull(service, "service");
    destination = Collections.unmodifiableMap(new TreeMap<>(destination));
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(protocol, "protocol");
    endpoints = endpoints.stream().sorted().toList();
    Objects.requireNonNull(policies, "policies");
  }

  /** Where a cluster's endpoints come from. */
  public enum UpstreamKind {
    /** Dataplane inbounds of the mesh. */
    MESH,
    /** An ExternalService's address. */
    EXTERNAL,
    /** The application behind one of this dataplane's inbounds. */
    LOCAL,
    /** The crossMesh listeners of another mesh's gateway (spec/gateway.md §5.3). */
    CROSS_MESH
  }

  /** How the proxy talks to a cluster's endpoints. */
  public enum UpstreamProtocol {
    TCP,
    HTTP1,
    HTTP2
  }

  /**
   * The connection policies that configure a cluster (spec/gateway.md §4.3, spec/core.md §3.2);
   * null = none won.
   *
   * @param timeout connect and idle timeouts
   * @param circuitBreaker connection thresholds
   * @param healthCheck active health checking
   */
  public record ClusterPolicies(
      Resource<TimeoutSpec> timeout,
      Resource<CircuitBreakerSpec> circuitBreaker,
      Resource<HealthCheckSpec> healthCheck) {
    public static final ClusterPolicies NONE = new ClusterPolicies(null, null, null);
  }
}
