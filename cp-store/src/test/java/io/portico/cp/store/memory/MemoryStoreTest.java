package io.portico.cp.store.memory;

import io.portico.cp.store.ResourceStore;
import io.portico.cp.store.ResourceStoreContract;
import java.time.Clock;

class MemoryStoreTest extends ResourceStoreContract {
  @Override
  protected ResourceStore openStore(Clock clock) {
    return new MemoryStore(clock);
  }
}
