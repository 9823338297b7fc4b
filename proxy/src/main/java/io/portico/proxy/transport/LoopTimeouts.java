package io.portico.proxy.transport;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Timeouts for the per-request timers of an event loop (route timeout, per-try timeout, request
 * headers timeout, connection idle timeout), cheaper than one scheduled task each.
 *
 * <p>Every request arms and almost always cancels a few timers. Scheduled on the event loop, each
 * costs an insertion into and a removal from the loop's priority queue (O(log n) with the other
 * timers pending) and a task object: about 6 % of the gateway's CPU under load. Here the timeouts
 * of one duration on one loop share a FIFO queue instead: they expire in the order they were armed,
 * so arming appends, cancelling marks (and drops cancelled timeouts from the head), and one
 * scheduled wake-up per queue fires at the head's deadline, re-armed for the next head. A
 * connection that serves a request every millisecond with a 15 s route timeout schedules one
 * wake-up per 15 s instead of one task per request.
 *
 * <p>Confined to the event loop that arms: {@link #arm} must be called on {@code loop}, and {@link
 * Timeout#cancel} on the same loop. The task runs on the loop.
 */
public final class LoopTimeouts {
  private static final Logger log = LoggerFactory.getLogger(LoopTimeouts.class);
  private static final FastThreadLocal<LoopTimeouts> BY_THREAD = new FastThreadLocal<>();

  private final EventExecutor loop;
  private final Ticker clock;
  private Queue[] queues = new Queue[4];
  private int size;

  /** Timeouts on {@code loop}, timed by {@code clock} (the loop's own ticker but in tests). */
  LoopTimeouts(EventExecutor loop, Ticker clock) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Runs {@code task} on {@code loop} once {@code timeout} has passed, unless cancelled first.
   *
   * @throws IllegalStateException when not called on {@code loop}
   */
  public static Timeout arm(EventExecutor loop, Duration timeout, Runnable task) {
    return queue(loop, timeout.toNanos()).arm(task);
  }

  /**
   * The queue of timeouts of {@code timeoutNanos} on {@code loop}, for a caller that arms many (a
   * connection keeps its idle timeout's queue): arming on it skips the lookup.
   *
   * @throws IllegalStateException when not called on {@code loop}
   */
  public static Queue queue(EventExecutor loop, long timeoutNanos) {
    if (!loop.inEventLoop()) {
      throw new IllegalStateException("a timeout is armed on its event loop only");
    }
    LoopTimeouts timeouts = BY_THREAD.get();
    if (timeouts == null || timeouts.loop != loop) {
      timeouts = new LoopTimeouts(loop, loop.ticker());
      BY_THREAD.set(timeouts);
    }
    return timeouts.queue(timeoutNanos);
  }

  /** Arms a timeout on this loop's queue of that duration. */
  Timeout schedule(long timeoutNanos, Runnable task) {
    return queue(timeoutNanos).arm(task);
  }

  /** How many timeouts wait in the queues (cancelled ones not yet dropped included). */
  int pending() {
    int pending = 0;
    for (int i = 0; i < size; i++) {
      pending += queues[i].timeouts.size();
    }
    return pending;
  }

  private Queue queue(long timeoutNanos) {
    if (timeoutNanos <= 0) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeoutNanos + " ns");
    }
    // A loop sees a handful of distinct durations (the routes' timeouts): a scan beats hashing.
    for (int i = 0; i < size; i++) {
      if (queues[i].durationNanos == timeoutNanos) {
        return queues[i];
      }
    }
    if (size == queues.length) {
      queues = java.util.Arrays.copyOf(queues, size * 2);
    }
    Queue queue = new Queue(timeoutNanos);
    queues[size++] = queue;
    return queue;
  }

  /** One armed timeout. */
  public static final class Timeout {
    private final Queue queue;
    private final long deadline;
    private Runnable task;

    private Timeout(Queue queue, long deadline, Runnable task) {
      this.queue = queue;
      this.deadline = deadline;
      this.task = task;
    }

    /** Stops the timeout; nothing happens when it already fired or was cancelled. */
    public void cancel() {
      if (task != null) {
        task = null;
        queue.cancelled();
      }
    }

    /** Whether the task is still to run. */
    public boolean isPending() {
      return task != null;
    }
  }

  /**
   * The timeouts of one duration on one loop, in deadline order. Cancelled ones leave from the head
   * at once, and from anywhere once they are half the queue (a timeout that stays armed for long,
   * such as the idle timeout of an idle connection, must not keep every cancelled one behind it).
   */
  public final class Queue {
    private static final int COMPACT_ABOVE = 64;
    final long durationNanos;
    final ArrayDeque<Timeout> timeouts = new ArrayDeque<>();
    private int cancelled;
    private ScheduledFuture<?> wakeup;

    Queue(long durationNanos) {
      this.durationNanos = durationNanos;
    }

    /** The duration of the timeouts of this queue, in nanoseconds. */
    public long durationNanos() {
      return durationNanos;
    }

    /** Runs {@code task} on the loop once this queue's duration has passed, unless cancelled. */
    public Timeout arm(Runnable task) {
      Objects.requireNonNull(task, "task");
      Timeout timeout = new Timeout(this, clock.nanoTime() + durationNanos, task);
      timeouts.addLast(timeout);
      if (wakeup == null) {
        wakeUpAt(timeout.deadline);
      }
      return timeout;
    }

    void cancelled() {
      cancelled++;
      Timeout head;
      while ((head = timeouts.peekFirst()) != null && head.task == null) {
        timeouts.pollFirst();
        cancelled--;
      }
      if (cancelled > COMPACT_ABOVE && cancelled * 2 > timeouts.size()) {
        timeouts.removeIf(t -> t.task == null);
        cancelled = 0;
      }
    }

    private void wakeUpAt(long deadline) {
      long delay = Math.max(0, deadline - clock.nanoTime());
      wakeup = loop.schedule(this::expire, delay, TimeUnit.NANOSECONDS);
    }

    /** Runs the tasks whose deadline passed; the wake-up is set again for the next one. */
    private void expire() {
      wakeup = null;
      long now = clock.nanoTime();
      Timeout head;
      while ((head = timeouts.peekFirst()) != null) {
        if (head.task == null) {
          timeouts.pollFirst();
          cancelled--;
          continue;
        }
        if (head.deadline - now > 0) {
          if (wakeup == null) {
            wakeUpAt(head.deadline);
          }
          return;
        }
        timeouts.pollFirst();
        Runnable task = head.task;
        head.task = null;
        try {
          task.run();
        } catch (RuntimeException e) {
          // One failing task must not strand the timeouts behind it.
          log.warn("a timeout's task failed", e);
        }
      }
    }
  }
}
