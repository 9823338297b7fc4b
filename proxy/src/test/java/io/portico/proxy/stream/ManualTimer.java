package io.portico.proxy.stream;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A reconnect timer the test fires by hand; remembers every delay asked for. */
final class ManualTimer implements ReconnectTimer {
  private final Deque<Runnable> pending = new ArrayDeque<>();
  private final List<Duration> delays = new ArrayList<>();

  @Override
  public synchronized void schedule(Duration delay, Runnable task) {
    delays.add(delay);
    pending.add(task);
  }

  synchronized int pending() {
    return pending.size();
  }

  synchronized List<Duration> delays() {
    return List.copyOf(delays);
  }

  /** Runs the oldest pending task (on the calling thread; the task hops to the stream thread). */
  void fireNext() {
    Runnable task;
    synchronized (this) {
      task = pending.poll();
    }
    if (task == null) {
      throw new IllegalStateException("no reconnect is pending");
    }
    task.run();
  }
}
