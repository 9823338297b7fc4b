package io.portico.cp;

import io.portico.cp.store.ResourceStore;
import io.portico.cp.store.StoreSettings;
import io.portico.mesh.api.codec.ResourceCodec;
import java.time.Clock;

/**
 * Opens the store a control plane uses; {@link io.portico.cp.store.Stores#open} in production, a
 * store kept across restarts or one that fails on demand in tests.
 */
@FunctionalInterface
public interface StoreOpener {
  /**
   * @throws io.portico.cp.store.StoreException when the store cannot be opened
   */
  ResourceStore open(StoreSettings settings, ResourceCodec codec, Clock clock);
}
