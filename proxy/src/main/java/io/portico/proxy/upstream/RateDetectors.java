package io.portico.proxy.upstream;

import io.portico.proxy.config.OutlierDetectionConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The outlier detectors that look at a whole interval (Envoy's success rate and failure
 * percentage): only endpoints with at least {@code requestVolume} tries in the interval count, and
 * only when at least {@code minimumHosts} endpoints do. Each run takes (and resets) the interval's
 * counts.
 */
final class RateDetectors {
  private RateDetectors() {}

  static void run(
      UpstreamCluster cluster,
      OutlierDetectionConfig detection,
      Collection<EndpointHealth> endpoints) {
    List<EndpointHealth> hosts = new ArrayList<>(endpoints.size());
    List<long[]> counts = new ArrayList<>(endpoints.size());
    for (EndpointHealth health : endpoints) {
      long successes = health.intervalSuccesses.getAndSet(0);
      long failures = health.intervalFailures.getAndSet(0);
      if (!health.isEjected()) {
        hosts.add(health);
        counts.add(new long[] {successes, failures});
      }
    }
    OutlierDetectionConfig.FailurePercentage failure = detection.failurePercentage();
    if (failure != null) {
      List<Integer> eligible = eligible(counts, failure.requestVolume());
      if (!eligible.isEmpty() && eligible.size() >= failure.minimumHosts()) {
        for (int i : eligible) {
          long[] c = counts.get(i);
          if (c[1] * 100 >= (long) failure.threshold() * (c[0] + c[1])) {
            cluster.eject(hosts.get(i), detection);
          }
        }
      }
    }
    OutlierDetectionConfig.SuccessRate rate = detection.successRate();
    if (rate != null) {
      List<Integer> eligible = eligible(counts, rate.requestVolume());
      if (!eligible.isEmpty() && eligible.size() >= rate.minimumHosts()) {
        double[] rates = new double[eligible.size()];
        double sum = 0;
        for (int k = 0; k < rates.length; k++) {
          long[] c = counts.get(eligible.get(k));
          rates[k] = 100.0 * c[0] / (c[0] + c[1]);
          sum += rates[k];
        }
        double mean = sum / rates.length;
        double variance = 0;
        for (double r : rates) {
          variance += (r - mean) * (r - mean);
        }
        double limit = mean - rate.factor() * Math.sqrt(variance / rates.length);
        for (int k = 0; k < rates.length; k++) {
          if (rates[k] < limit) {
            cluster.eject(hosts.get(eligible.get(k)), detection);
          }
        }
      }
    }
  }

  private static List<Integer> eligible(List<long[]> counts, int requestVolume) {
    List<Integer> eligible = new ArrayList<>();
    for (int i = 0; i < counts.size(); i++) {
      long[] c = counts.get(i);
      long volume = c[0] + c[1];
      if (volume > 0 && volume >= requestVolume) {
        eligible.add(i);
      }
    }
    return eligible;
  }
}
