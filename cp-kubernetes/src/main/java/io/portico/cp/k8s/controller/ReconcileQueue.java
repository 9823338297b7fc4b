package io.portico.cp.k8s.controller;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work queue of one controller, as controller-runtime's: keys (object names) are reconciled one
 * at a time on one thread; a key enqueued again while it waits is reconciled once; a key whose
 * reconcile fails is retried after 1, 2, 4 ... at most 30 seconds, and its back-off is reset by a
 * success. Reconciles read the current state, so coalescing events loses nothing.
 *
 * <pre>
 *  event ──▶ enqueue(key) ──▶ pending (a set) ──▶ worker thread: reconcile(key)
 *                                  ▲                          │ failure
 *                                  └──── after back-off ◀─────┘
 * </pre>
 */
public final class ReconcileQueue implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReconcileQueue.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LAST_RETRY = Duration.ofSeconds(30);

  private final String name;
  private final Consumer<String> reconcile;
  private final ScheduledExecutorService worker;
  private final Set<String> pending = new LinkedHashSet<>();
  private final Map<String, Duration> backoff = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param name the controller's name, for its thread and its log lines
   * @param reconcile brings one key's objects to their desired state; throws to be retried
   */
  public ReconcileQueue(String name, Consumer<String> reconcile) {
    this.name = Objects.requireNonNull(name, "name");
    this.reconcile = Objects.requireNonNull(reconcile, "reconcile");
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "controller-" + name);
              t.setDaemon(true);
              return t;
            });
  }

  /** Asks for a reconcile of {@code key}, once however often it is asked before it runs. */
  public void enqueue(String key) {
    synchronized (pending) {
      if (closed || !pending.add(key)) {
        return;
      }
    }
    worker.execute(() -> run(key));
  }

  private void run(String key) {
    synchronized (pending) {
      if (!pending.remove(key)) {
        return;
      }
    }
    try {
      reconcile.accept(key);
      backoff.remove(key);
    } catch (RuntimeException e) {
      if (closed) {
        log.debug(
            "reconcile stopped by close: controller={} key={} reason={}", name, key, e.toString());
        return;
      }
      Duration delay =
          backoff.merge(
              key,
              FIRST_RETRY,
              (previous, first) ->
                  previous.multipliedBy(2).compareTo(LAST_RETRY) > 0
                      ? LAST_RETRY
                      : previous.multipliedBy(2));
      log.warn(
          "reconcile failed, retrying: controller={} key={} retryIn={} reason={}",
          name,
          key,
          delay,
          e.toString());
      if (!closed) {
        worker.schedule(() -> enqueue(key), delay.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  /** Stops the worker; reconciles in progress finish. */
  @Override
  public void close() {
    closed = true;
    worker.shutdownNow();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
