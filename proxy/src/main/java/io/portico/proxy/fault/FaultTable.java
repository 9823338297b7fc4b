package io.portico.proxy.fault;

import io.portico.proxy.routing.FractionSampler;
import java.util.List;

/**
 * The faults of a listener, applied independently in order, as Envoy applies one fault filter per
 * FaultInjection (spec core.md §3.4): delays add up, the first abort that fires wins, the lowest
 * bandwidth limit wins.
 */
public final class FaultTable {
  public static final FaultTable NONE = new FaultTable(List.of());

  private final List<FaultConfig> faults;

  public FaultTable(List<FaultConfig> faults) {
    this.faults = List.copyOf(faults);
  }

  public List<FaultConfig> faults() {
    return faults;
  }

  public boolean isEmpty() {
    return faults.isEmpty();
  }

  /**
   * The faults for a request.
   *
   * @param kumaTags the request's {@code x-kuma-tags} header; null when absent
   * @param sampler tells whether a fault with this share (0..1) fires for this request
   * @return null when no fault fires
   */
  public FaultDecision decide(CharSequence kumaTags, FractionSampler sampler) {
    long delay = 0;
    int abort = 0;
    long bandwidth = 0;
    for (int i = 0; i < faults.size(); i++) {
      FaultConfig fault = faults.get(i);
      if (!fault.matches(kumaTags)) {
        continue;
      }
      if (fault.delayFraction() > 0 && sampler.sample(fault.delayFraction())) {
        delay += fault.delay().toNanos();
      }
      if (abort == 0 && fault.abortFraction() > 0 && sampler.sample(fault.abortFraction())) {
        abort = fault.abortStatus();
      }
      if (fault.bandwidthFraction() > 0 && sampler.sample(fault.bandwidthFraction())) {
        long limit = fault.bandwidthBytesPerSecond();
        bandwidth = bandwidth == 0 ? limit : Math.min(bandwidth, limit);
      }
    }
    return delay == 0 && abort == 0 && bandwidth == 0
        ? null
        : new FaultDecision(delay, abort, bandwidth);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaultTable other && other.faults.equals(faults);
  }

  @Override
  public int hashCode() {
    return faults.hashCode();
  }
}
