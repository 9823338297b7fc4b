package io.portico.cp.insight;

import io.portico.cp.store.ListQuery;
import io.portico.cp.store.ResourceNotFoundException;
import io.portico.cp.store.manager.ResourceManager;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.insight.DataplaneInsightSpec;
import io.portico.mesh.api.types.ResourceTypes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes dataplanes whose proxy has been disconnected for longer than {@code
 * runtime.universal.dataplaneCleanupAge} (spec/core.md §6.8), run by the leader. A dataplane whose
 * proxy never connected has no disconnect time and is kept; the delete goes through the manager, so
 * the insight goes with the dataplane.
 */
public final class OfflineDataplaneCollector {
  private static final Logger log = LoggerFactory.getLogger(OfflineDataplaneCollector.class);

  private final ResourceManager manager;
  private final Duration cleanupAge;
  private final Clock clock;

  public OfflineDataplaneCollector(ResourceManager manager, Duration cleanupAge, Clock clock) {
    this.manager = manager;
    this.cleanupAge = cleanupAge;
    this.clock = clock;
  }

  /** How often a pass is worth running: a tenth of the age, at least every minute. */
  public Duration interval() {
    Duration tenth = cleanupAge.dividedBy(10);
    Duration atLeast = Duration.ofMillis(100);
    Duration atMost = Duration.ofMinutes(1);
    return tenth.compareTo(atLeast) < 0 ? atLeast : tenth.compareTo(atMost) > 0 ? atMost : tenth;
  }

  /**
   * One pass over every insight.
   *
   * @return how many dataplanes were deleted
   */
  public int run() {
    Instant deadline = clock.instant().minus(cleanupAge);
    int deleted = 0;
    for (Resource<DataplaneInsightSpec> insight :
        manager.store().list(ResourceTypes.DATAPLANE_INSIGHT, ListQuery.all()).items()) {
      Optional<Instant> lastSeen = insight.spec().lastDisconnectTime();
      if (lastSeen.isEmpty() || !lastSeen.get().isBefore(deadline)) {
        continue;
      }
      try {
        manager.delete(ResourceTypes.DATAPLANE, insight.mesh(), insight.name());
        deleted++;
        log.info(
            "dataplane deleted: offline longer than the cleanup age mesh={} dataplane={}"
                + " disconnected={} cleanupAge={}",
            insight.mesh(),
            insight.name(),
            lastSeen.get(),
            cleanupAge);
      } catch (ResourceNotFoundException e) {
        // Deleted meanwhile; its insight goes with it.
      }
    }
    return deleted;
  }
}
