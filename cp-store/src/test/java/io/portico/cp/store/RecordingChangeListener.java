package io.portico.cp.store;

import io.portico.mesh.api.ResourceKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every change it receives, for assertions. */
public final class RecordingChangeListener implements ChangeListener {
  private final List<ResourceChange> changes = new CopyOnWriteArrayList<>();

  @Override
  public void onChange(ResourceChange change) {
    changes.add(change);
  }

  /** Every change received so far, in order. */
  public List<ResourceChange> changes() {
    return List.copyOf(changes);
  }

  /** Whether a change of that resource was received. */
  public boolean hasSeen(ResourceKey key) {
    return changes.stream().anyMatch(c -> c.key().equals(key));
  }

  /** The changes received before the first change of {@code marker}. */
  public List<ResourceChange> changesBefore(ResourceKey marker) {
    List<ResourceChange> all = changes();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).key().equals(marker)) {
        return all.subList(0, i);
      }
    }
    throw new AssertionError("no change of " + marker + " among " + all);
  }
}
