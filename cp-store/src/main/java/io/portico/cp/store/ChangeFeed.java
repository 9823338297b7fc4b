package io.portico.cp.store;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers changes to subscribers in order on one daemon thread, so that a slow or failing listener
 * never blocks a writer. Shared by the store implementations.
 */
public final class ChangeFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

  private final CopyOnWriteArrayList<ChangeListener> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService executor;

  public ChangeFeed(String threadName) {
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
  }

  public Subscription subscribe(ChangeListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Queues a change for delivery to every current subscriber. */
  public void publish(ResourceChange change) {
    try {
      executor.execute(
          () -> {
            for (ChangeListener l : listeners) {
              try {
                l.onChange(change);
              } catch (RuntimeException e) {
                log.warn("change listener failed on {}", change, e);
              }
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      log.debug("change feed closed; dropping {}", change);
    }
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
