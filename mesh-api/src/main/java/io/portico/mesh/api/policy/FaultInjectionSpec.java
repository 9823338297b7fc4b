package io.portico.mesh.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.SpecValues;
import java.time.Duration;
import java.util.List;

/**
 * The spec of a FaultInjection (spec/core.md §3.4): delays, aborts and bandwidth limits injected
 * into HTTP requests from {@code sources} at the inbounds matching {@code destinations}. Every
 * FaultInjection matching an inbound applies, not only the best one.
 *
 * @param sources callers whose requests are affected (S2)
 * @param destinations inbounds that inject faults (S2, each with an HTTP-family protocol)
 * @param conf the faults, at least one
 */
public record FaultInjectionSpec(List<Selector> sources, List<Selector> destinations, Conf conf)
    implements ConnectionPolicySpec {
  public FaultInjectionSpec {
    sources = SpecValues.list(sources);
    destinations = SpecValues.list(destinations);
  }

  /**
   * The faults; an empty one counts as absent.
   *
   * @param delay delay requests
   * @param abort answer requests with an error status
   * @param responseBandwidth limit the response bandwidth
   */
  public record Conf(Delay delay, Abort abort, ResponseBandwidth responseBandwidth) {}

  /**
   * Delays a share of requests.
   *
   * @param percentage share of requests, 0–100 (required)
   * @param value the delay (required)
   */
  public record Delay(
      @JsonInclude(JsonInclude.Include.NON_NULL) Double percentage, Duration value) {}

  /**
   * Aborts a share of requests.
   *
   * @param percentage share of requests, 0–100 (required)
   * @param httpStatus the status to answer with (required, a known HTTP status)
   */
  public record Abort(
      @JsonInclude(JsonInclude.Include.NON_NULL) Double percentage,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer httpStatus) {}

  /**
   * Limits the response bandwidth of a share of requests.
   *
   * @param percentage share of requests, 0–100 (required)
   * @param limit e.g. {@code 50kbps}, {@code 1mbps}, {@code 1gbps} (required)
   */
  public record ResponseBandwidth(
      @JsonInclude(JsonInclude.Include.NON_NULL) Double percentage,
      @JsonInclude(JsonInclude.Include.NON_NULL) String limit) {}
}
