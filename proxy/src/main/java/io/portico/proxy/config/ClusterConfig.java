package io.portico.proxy.config;

import io.portico.proxy.routing.WeightedPicker;
import io.portico.proxy.tls.ClientTls;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A compiled cluster: its endpoints and the smooth weighted round-robin over them. Equality is by
 * name and settings (not by picker state).
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
    WeightedPicker<EndpointConfig> picker,
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
    Objects.requireNonNull(picker, "picker");
    Objects.requireNonNull(circuitBreaker, "circuitBreaker");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClusterConfig c
        && name.equals(c.name)
        && service.equals(c.service)
        && protocol == c.protocol
        && endpoints.equals(c.endpoints)
        && connectTimeout.equals(c.connectTimeout)
        && idleTimeout.equals(c.idleTimeout)
        && Objects.equals(tls, c.tls)
        && circuitBreaker.equals(c.circuitBreaker)
        && Objects.equals(healthCheck, c.healthCheck)
        && Objects.equals(outlierDetection, c.outlierDetection);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name,
        service,
        protocol,
        endpoints,
        connectTimeout,
        idleTimeout,
        tls,
        circuitBreaker,
        healthCheck,
        outlierDetection);
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
