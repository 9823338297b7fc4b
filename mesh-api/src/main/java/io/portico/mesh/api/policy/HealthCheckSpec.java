package io.portico.mesh.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.SpecValues;
import java.time.Duration;
import java.util.List;

/**
 * The spec of a HealthCheck (spec/core.md §3.4): active health checking of the endpoints of the
 * services of {@code destinations}, by the dataplanes of {@code sources}. TCP unless {@code http}
 * is set.
 *
 * @param sources dataplanes that check (S1)
 * @param destinations services whose endpoints are checked (SVC)
 * @param conf how to check
 */
public record HealthCheckSpec(List<Selector> sources, List<Selector> destinations, Conf conf)
    implements ConnectionPolicySpec {
  public HealthCheckSpec {
    sources = SpecValues.list(sources);
    destinations = SpecValues.list(destinations);
  }

  /**
   * How to check.
   *
   * @param interval between checks (required)
   * @param timeout of one check (required)
   * @param unhealthyThreshold failed checks before a host is unhealthy (required)
   * @param healthyThreshold passed checks before a host is healthy again (required)
   * @param initialJitter random delay before the first check
   * @param intervalJitter random extra delay added to each interval
   * @param intervalJitterPercent random extra delay as a percentage of the interval
   * @param healthyPanicThreshold percentage of healthy hosts below which all are used, 0–100
   *     (default 50)
   * @param failTrafficOnPanic fail requests instead of using all hosts in panic mode
   * @param eventLogPath file to log health-check events to
   * @param alwaysLogHealthCheckFailures log every failure, not only state changes
   * @param noTrafficInterval interval used for clusters without traffic (default 60s)
   * @param tcp TCP check payloads
   * @param http HTTP check
   * @param reuseConnection reuse the connection between checks (default true)
   */
  public record Conf(
      Duration interval,
      Duration timeout,
      int unhealthyThreshold,
      int healthyThreshold,
      Duration initialJitter,
      Duration intervalJitter,
      int intervalJitterPercent,
      @JsonInclude(JsonInclude.Include.NON_NULL) Float healthyPanicThreshold,
      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean failTrafficOnPanic,
      String eventLogPath,
      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean alwaysLogHealthCheckFailures,
      Duration noTrafficInterval,
      Tcp tcp,
      Http http,
      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean reuseConnection) {
    public Conf {
      eventLogPath = SpecValues.text(eventLogPath);
    }
  }

  /**
   * A TCP check: connect, optionally send bytes and expect bytes back.
   *
   * @param send base64 bytes to send; empty sends nothing
   * @param receive base64 byte chunks expected in the response, in any order
   */
  public record Tcp(String send, List<String> receive) {
    public Tcp {
      send = SpecValues.text(send);
      receive = SpecValues.list(receive);
    }
  }

  /**
   * An HTTP check.
   *
   * @param path the request path (required)
   * @param requestHeadersToAdd headers added to the check request
   * @param expectedStatuses statuses that pass, each in [100, 600); empty means 200
   */
  public record Http(
      String path, List<HeaderValueOption> requestHeadersToAdd, List<Integer> expectedStatuses) {
    public Http {
      path = SpecValues.text(path);
      requestHeadersToAdd = SpecValues.list(requestHeadersToAdd);
      expectedStatuses = SpecValues.list(expectedStatuses);
    }
  }

  /**
   * A header to add to the check request.
   *
   * @param header the header
   * @param append append to an existing value instead of replacing it (default true)
   */
  public record HeaderValueOption(
      HeaderValue header, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean append) {}

  /**
   * A header.
   *
   * @param key the name
   * @param value the value
   */
  public record HeaderValue(String key, String value) {
    public HeaderValue {
      key = SpecValues.text(key);
      value = SpecValues.text(value);
    }
  }
}
