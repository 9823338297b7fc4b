package io.portico.mesh.api.policy;

import io.portico.mesh.api.Selector;
import io.portico.mesh.api.SpecValues;
import java.time.Duration;
import java.util.List;

/**
 * The spec of a Timeout (spec/core.md §3.4): connection and request timeouts for outbound traffic
 * from {@code sources} to the services of {@code destinations}. An unset timeout is disabled.
 *
 * @param sources dataplanes whose outbound traffic is limited (S1)
 * @param destinations services whose traffic is limited (SVC)
 * @param conf the timeouts
 */
public record TimeoutSpec(List<Selector> sources, List<Selector> destinations, Conf conf)
    implements ConnectionPolicySpec {
  public TimeoutSpec {
    sources = SpecValues.list(sources);
    destinations = SpecValues.list(destinations);
  }

  /**
   * The timeouts; each present section defines at least one.
   *
   * @param connectTimeout to establish an upstream connection
   * @param tcp TCP timeouts
   * @param http HTTP timeouts
   * @param grpc gRPC timeouts (deprecated: use {@code http})
   */
  public record Conf(Duration connectTimeout, Tcp tcp, Http http, Grpc grpc) {}

  /**
   * TCP timeouts.
   *
   * @param idleTimeout closes a connection with no traffic for this long
   */
  public record Tcp(Duration idleTimeout) {}

  /**
   * HTTP timeouts.
   *
   * @param requestTimeout for a whole request
   * @param idleTimeout closes an upstream connection with no active request for this long
   * @param streamIdleTimeout resets a stream with no activity for this long
   * @param maxStreamDuration the longest a stream may last
   */
  public record Http(
      Duration requestTimeout,
      Duration idleTimeout,
      Duration streamIdleTimeout,
      Duration maxStreamDuration) {}

  /**
   * gRPC timeouts (deprecated).
   *
   * @param streamIdleTimeout resets a stream with no activity for this long
   * @param maxStreamDuration the longest a stream may last
   */
  public record Grpc(Duration streamIdleTimeout, Duration maxStreamDuration) {}
}
