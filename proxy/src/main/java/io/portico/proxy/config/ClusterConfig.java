package io.portico.proxy.config;

import io.portico.proxy.tls.ClientTls;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A compiled cluster: its settings and endpoints (host names as sent; the {@code bind} package
 * resolves them and keeps the round-robin over them).
 *
 * @param tls upstream TLS; {@code null} = plaintext
 * @param circuitBreaker connection limits (always set: defaults when the control plane sent none)
 * @param healthCheck active health checking; {@code null} = off
 * @param outlierDetection passive health; {@code null} = off
 */
public record ClusterConfig(
    String name,
    String service,
    UpstreamProtocol protocol,
    List<EndpointConfig> endpoints,
    Duration connectTimeout,
    Duration idleTimeout,
    ClientTls tls,
    CircuitBreakerConfig circuitBreaker,
    HealthCheckConfig healthCheck,
    OutlierDetectionConfig outlierDetection) {
  public ClusterConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(protocol, "protocol");
    endpoints = List.copyOf(endpoints);
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(circuitBreaker, "circuitBreaker");
  }

  @Override
  public String toString() {
    return "ClusterConfig["
        + name
        + ", "
        + protocol
        + ", "
        + endpoints
        + (tls == null ? "" : ", " + tls)
        + "]";
  }
}
