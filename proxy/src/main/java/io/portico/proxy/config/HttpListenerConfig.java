package io.portico.proxy.config;

import io.portico.proxy.accesslog.AccessLogConfig;
import io.portico.proxy.fault.FaultTable;
import io.portico.proxy.routing.HostTable;
import io.portico.proxy.tls.ServerTls;
import io.portico.proxy.tracing.TracingConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A compiled HTTP listener.
 *
 * @param edge the listener is the edge (spec gateway.md §2.6): X-Forwarded-For/-Proto are set
 * @param serverHeader the {@code server} response header; empty = the upstream's
 * @param stripRequestHeaders removed from every request (lower case)
 * @param forwardHeaders added to every forwarded request
 * @param requestHeadersTimeout time from the first byte of a request to its last header byte
 * @param idleTimeout a connection without request in flight for this long is closed
 * @param maxRequestHeaderBytes longer request lines or header blocks are answered 431
 * @param rejectsUnderscoreHeaders header names with {@code _} are answered 400 (on for edges)
 * @param tls downstream TLS; {@code null} = plaintext
 * @param authorization who may connect; {@code null} = anyone
 * @param accessLog the access log; {@code null} = none
 * @param faults faults injected into requests (sidecar inbounds)
 * @param tracing request tracing; {@code null} = none
 * @param isOutbound the listener is an outbound of a sidecar
 */
public record HttpListenerConfig(
    String name,
    BindAddress bind,
    int connectionLimit,
    HostTable<VirtualHostConfig> hosts,
    boolean edge,
    String serverHeader,
    List<String> stripRequestHeaders,
    List<Header> forwardHeaders,
    Duration requestHeadersTimeout,
    Duration idleTimeout,
    int maxRequestHeaderBytes,
    boolean rejectsUnderscoreHeaders,
    ServerTls tls,
    AuthorizationMatcher authorization,
    AccessLogConfig accessLog,
    FaultTable faults,
    TracingConfig tracing,
    boolean isOutbound)
    implements ListenerConfig {
  public HttpListenerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(hosts, "hosts");
    Objects.requireNonNull(serverHeader, "serverHeader");
    stripRequestHeaders = List.copyOf(stripRequestHeaders);
    forwardHeaders = List.copyOf(forwardHeaders);
    Objects.requireNonNull(requestHeadersTimeout, "requestHeadersTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    faults = faults == null ? FaultTable.NONE : faults;
  }
}
