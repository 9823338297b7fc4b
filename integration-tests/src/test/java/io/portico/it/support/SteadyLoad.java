package io.portico.it.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded, steady load on a gateway: a few client threads sending GETs back to back until stopped
 * or until a maximum count, recording every failure (a status other than 200 or an I/O error) and
 * which backend instance answered.
 */
public final class SteadyLoad implements AutoCloseable {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger sent = new AtomicInteger();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> byInstance = new ConcurrentHashMap<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicLong lastFailureNanos =
      new java.util.concurrent.atomic.AtomicLong();
  private final int maxRequests;

  private SteadyLoad(int maxRequests) {
    this.maxRequests = maxRequests;
  }

  /**
   * Starts {@code threads} clients on {@code http://127.0.0.1:port path} with Host {@code host}.
   */
  public static SteadyLoad start(int threads, int port, String host, String path, int maxRequests) {
    SteadyLoad load = new SteadyLoad(maxRequests);
    for (int i = 0; i < threads; i++) {
      Thread t =
          new Thread(
              () -> {
                GatewayClient client = new GatewayClient();
                while (load.running.get() && load.sent.incrementAndGet() <= load.maxRequests) {
                  try {
                    GatewayClient.Response r = client.get(port, host, path);
                    if (r.status() != 200) {
                      load.failed(r.status() + " " + r.body());
                    } else {
                      load.byInstance
                          .computeIfAbsent(String.valueOf(r.instance()), k -> new AtomicInteger())
                          .incrementAndGet();
                    }
                  } catch (AssertionError | RuntimeException e) {
                    load.failed(String.valueOf(e.getMessage()));
                  }
                }
              },
              "steady-load-" + i);
      t.setDaemon(true);
      load.threads.add(t);
      t.start();
    }
    return load;
  }

  private void failed(String failure) {
    failures.add(failure);
    lastFailureNanos.set(System.nanoTime());
  }

  /** When the last failure was seen ({@link System#nanoTime()}); 0 when none was. */
  public long lastFailureNanos() {
    return lastFailureNanos.get();
  }

  /** How many answers came back so far (good or bad). */
  public int completed() {
    return byInstance.values().stream().mapToInt(AtomicInteger::get).sum() + failures.size();
  }

  public int answeredBy(String instance) {
    AtomicInteger n = byInstance.get(instance);
    return n == null ? 0 : n.get();
  }

  public List<String> failures() {
    return List.copyOf(failures);
  }

  /**
   * Waits until the load ended by itself (every one of its requests answered), at most {@code
   * limit}; false when it did not.
   */
  public boolean awaitEnd(java.time.Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    for (Thread t : threads) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      t.join(Math.max(1, left / 1_000_000));
      if (t.isAlive()) {
        return false;
      }
    }
    return true;
  }

  /** Stops the clients and waits for their last request. */
  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(30_000);
    }
  }
}
