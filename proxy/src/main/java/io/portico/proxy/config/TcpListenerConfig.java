package io.portico.proxy.config;

import io.portico.proxy.accesslog.AccessLogConfig;
import io.portico.proxy.tls.ServerTls;
import java.time.Duration;
import java.util.Objects;

/**
 * A compiled TCP listener (spec gateway.md §2.9): a cluster is picked per connection; no cluster
 * means connections are accepted and closed.
 *
 * @param clusters picked from per connection by the binding's round-robin over them
 * @param tls downstream TLS; {@code null} = plaintext
 * @param authorization who may connect; {@code null} = anyone
 * @param accessLog the access log; {@code null} = none
 * @param maxConnectAttempts endpoints tried per connection before it is closed, at least 1
 * @param isOutbound the listener is an outbound of a sidecar
 */
public record TcpListenerConfig(
    String name,
    BindAddress bind,
    int connectionLimit,
    WeightedClusters clusters,
    Duration idleTimeout,
    ServerTls tls,
    AuthorizationMatcher authorization,
    AccessLogConfig accessLog,
    int maxConnectAttempts,
    boolean isOutbound)
    implements ListenerConfig {
  public TcpListenerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(clusters, "clusters");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (maxConnectAttempts < 1) {
      throw new IllegalArgumentException("maxConnectAttempts must be at least 1");
    }
  }
}
