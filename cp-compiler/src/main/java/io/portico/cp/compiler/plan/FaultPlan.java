package io.portico.cp.compiler.plan;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One FaultInjection at an inbound (spec/core.md §3.4).
 *
 * @param policy the FaultInjection's name
 * @param sources the tag maps of its {@code sources} selectors, matched against {@code x-kuma-tags}
 * @param delay the delay; null = none
 * @param abort the abort; null = none
 * @param responseBandwidth the bandwidth limit; null = none
 */
public record FaultPlan(
    String policy,
    List<Map<String, String>> sources,
    Delay delay,
    Abort abort,
    Bandwidth responseBandwidth) {
  public FaultPlan {
    Objects.requireNonNull(policy, "policy");
    sources = sources.stream().map(Map::copyOf).toList();
  }

  /** Delays {@code percentage} % of requests by {@code value}. */
  public record Delay(double percentage, Duration value) {}

  /** Answers {@code percentage} % of requests with {@code httpStatus}. */
  public record Abort(double percentage, int httpStatus) {}

  /** Limits {@code percentage} % of responses to {@code limitKbps} KiB/s. */
  public record Bandwidth(double percentage, long limitKbps) {}
}
