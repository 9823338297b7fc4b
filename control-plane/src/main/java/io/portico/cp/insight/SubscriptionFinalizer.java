package io.portico.cp.insight;

import io.portico.cp.store.ListQuery;
import io.portico.cp.store.ResourceStore;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.insight.DataplaneInsightSpec;
import io.portico.mesh.api.types.ResourceTypes;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the subscriptions whose control plane died without closing them (spec/core.md §6.8): the
 * leader runs one pass every {@code metrics.dataplane.idleTimeout}; a subscription still open whose
 * generation is the one seen on the previous pass has had no sign of life for a whole timeout, so
 * it gets a disconnect time and its dataplane shows Offline.
 *
 * <p>The generations seen are kept in memory, so the first pass after gaining leadership only
 * records them: a new leader waits one full timeout before ending anything, as Kuma's does.
 */
public final class SubscriptionFinalizer {
  private static final Logger log = LoggerFactory.getLogger(SubscriptionFinalizer.class);

  private record SubscriptionKey(String mesh, String dataplane, String id) {}

  private final ResourceStore store;
  private final DataplaneInsights insights;
  private final Clock clock;
  private Map<SubscriptionKey, Long> seen = new HashMap<>();

  public SubscriptionFinalizer(ResourceStore store, DataplaneInsights insights, Clock clock) {
    this.store = store;
    this.insights = insights;
    this.clock = clock;
  }

  /** Forgets the generations seen (leadership was lost or gained). */
  public synchronized void reset() {
    seen = new HashMap<>();
  }

  /**
   * One pass over every insight.
   *
   * @return how many subscriptions were ended
   */
  public synchronized int run() {
    Map<SubscriptionKey, Long> next = new HashMap<>();
    int ended = 0;
    for (Resource<DataplaneInsightSpec> insight :
        store.list(ResourceTypes.DATAPLANE_INSIGHT, ListQuery.all()).items()) {
      for (DataplaneInsightSpec.Subscription s : insight.spec().subscriptions()) {
        if (!s.isConnected()) {
          continue;
        }
        SubscriptionKey key = new SubscriptionKey(insight.mesh(), insight.name(), s.id());
        Long before = seen.get(key);
        if (before != null
            && before == s.generation()
            && insights.endIfGeneration(
                insight.mesh(), insight.name(), s.id(), s.generation(), clock.instant())) {
          ended++;
          log.info(
              "subscription ended: its control plane showed no sign of life mesh={} dataplane={}"
                  + " subscription={} controlPlane={}",
              insight.mesh(),
              insight.name(),
              s.id(),
              s.controlPlaneInstanceId());
        } else {
          next.put(key, s.generation());
        }
      }
    }
    seen = next;
    return ended;
  }
}
