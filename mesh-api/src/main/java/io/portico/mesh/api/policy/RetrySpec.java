package io.portico.mesh.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.SpecValues;
import java.time.Duration;
import java.util.List;

/**
 * The spec of a Retry (spec/core.md §3.4): retries of outbound requests and connection attempts
 * from {@code sources} to the services of {@code destinations}, per protocol.
 *
 * @param sources dataplanes whose outbound traffic is retried (S1)
 * @param destinations services whose traffic is retried (SVC)
 * @param conf the retry policies, at least one protocol
 */
public record RetrySpec(List<Selector> sources, List<Selector> destinations, Conf conf)
    implements ConnectionPolicySpec {
  public RetrySpec {
    sources = SpecValues.list(sources);
    destinations = SpecValues.list(destinations);
  }

  /**
   * Retry policies by protocol.
   *
   * @param http for HTTP traffic
   * @param grpc for gRPC traffic
   * @param tcp for TCP connections
   */
  public record Conf(Http http, Grpc grpc, Tcp tcp) {}

  /**
   * HTTP retries.
   *
   * @param numRetries how many retries; unset means Envoy's default
   * @param perTryTimeout timeout of each try
   * @param backOff delay between tries
   * @param retriableStatusCodes status codes that trigger a retry
   * @param retriableMethods methods that may be retried; empty means all
   * @param retryOn conditions that trigger a retry; empty means {@code gateway_error,
   *     connect_failure, refused_stream}
   */
  public record Http(
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer numRetries,
      Duration perTryTimeout,
      BackOff backOff,
      List<Integer> retriableStatusCodes,
      List<HttpMethod> retriableMethods,
      List<HttpRetryOn> retryOn) {
    public Http {
      retriableStatusCodes = SpecValues.list(retriableStatusCodes);
      retriableMethods = SpecValues.list(retriableMethods);
      retryOn = SpecValues.list(retryOn);
    }
  }

  /**
   * gRPC retries.
   *
   * @param retryOn status conditions that trigger a retry; empty means all five
   * @param numRetries how many retries; unset means Envoy's default
   * @param perTryTimeout timeout of each try
   * @param backOff delay between tries
   */
  public record Grpc(
      List<GrpcRetryOn> retryOn,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer numRetries,
      Duration perTryTimeout,
      BackOff backOff) {
    public Grpc {
      retryOn = SpecValues.list(retryOn);
    }
  }

  /**
   * TCP connection retries.
   *
   * @param maxConnectAttempts how many connection attempts; must be greater than 0
   */
  public record Tcp(int maxConnectAttempts) {}

  /**
   * Exponential back-off between tries.
   *
   * @param baseInterval the first delay (required)
   * @param maxInterval the longest delay; unset means 10 × {@code baseInterval}
   */
  public record BackOff(Duration baseInterval, Duration maxInterval) {}

  /** HTTP methods that may be retried (spec/core.md §3.4). */
  public enum HttpMethod {
    CONNECT,
    DELETE,
    GET,
    HEAD,
    OPTIONS,
    PATCH,
    POST,
    PUT,
    TRACE
  }

  /** HTTP retry conditions, named as in Kuma (spec/core.md §3.4). */
  public enum HttpRetryOn {
    all_5xx,
    gateway_error,
    reset,
    connect_failure,
    envoy_ratelimited,
    retriable_4xx,
    refused_stream,
    retriable_status_codes,
    retriable_headers,
    http3_post_connect_failure
  }

  /** gRPC retry conditions, named as in Kuma (spec/core.md §3.4). */
  public enum GrpcRetryOn {
    cancelled,
    deadline_exceeded,
    internal,
    resource_exhausted,
    unavailable
  }
}
