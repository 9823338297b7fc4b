package io.portico.cp.insight;

import io.portico.cp.store.manager.ResourceHook;
import io.portico.mesh.api.ResourceKey;
import io.portico.mesh.api.types.ResourceTypes;

/**
 * Deletes a dataplane's insight with the dataplane, as Kuma's ownership cascade does (spec/core.md
 * §6.8), whoever deleted it: the API, porticoctl, or the DP server when a registering proxy leaves.
 */
public final class DataplaneInsightCleanup implements ResourceHook {
  private final DataplaneInsights insights;

  public DataplaneInsightCleanup(DataplaneInsights insights) {
    this.insights = insights;
  }

  @Override
  public void afterDelete(ResourceKey deleted) {
    if (deleted.type().equals(ResourceTypes.DATAPLANE.name())) {
      insights.delete(deleted.mesh(), deleted.name());
    }
  }
}
