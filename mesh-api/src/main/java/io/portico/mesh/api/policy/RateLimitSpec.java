package io.portico.mesh.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.SpecValues;
import java.time.Duration;
import java.util.List;

/**
 * The spec of a RateLimit (spec/core.md §3.4): a local (per-proxy) token bucket on HTTP requests
 * from {@code sources} at the inbounds matching {@code destinations}; toward an ExternalService it
 * applies on the caller's outbound. Every RateLimit matching an inbound applies.
 *
 * @param sources callers whose requests are limited (S2)
 * @param destinations inbounds, or an ExternalService by service only (S2)
 * @param conf the limit
 */
public record RateLimitSpec(List<Selector> sources, List<Selector> destinations, Conf conf)
    implements ConnectionPolicySpec {
  public RateLimitSpec {
    sources = SpecValues.list(sources);
    destinations = SpecValues.list(destinations);
  }

  /**
   * The limit.
   *
   * @param http the HTTP request limit (required)
   */
  public record Conf(Http http) {}

  /**
   * At most {@code requests} requests per {@code interval}.
   *
   * @param requests bucket capacity and refill amount; greater than 0
   * @param interval refill period; greater than 0
   * @param onRateLimit the local answer to a limited request (default 429)
   */
  public record Http(int requests, Duration interval, OnRateLimit onRateLimit) {}

  /**
   * The answer to a limited request.
   *
   * @param status the status (default 429)
   * @param headers headers added to the answer
   */
  public record OnRateLimit(
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer status, List<HeaderValue> headers) {
    public OnRateLimit {
      headers = SpecValues.list(headers);
    }
  }

  /**
   * A header of the answer.
   *
   * @param key the name
   * @param value the value
   * @param append append to an existing value instead of replacing it
   */
  public record HeaderValue(
      String key, String value, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean append) {
    public HeaderValue {
      key = SpecValues.text(key);
      value = SpecValues.text(value);
    }
  }
}
