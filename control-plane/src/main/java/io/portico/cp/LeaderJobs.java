package io.portico.cp;

import io.portico.cp.store.LeadershipListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs that only the leader runs (spec/core.md §1.5, §6.8, §8.1).
 *
 * <ul>
 *   <li>One-off jobs (the default mesh, the user token signing key, the admin token) run when
 *       leadership is acquired and, when they fail (the store is unreachable, say), again every 5 s
 *       for up to 10 minutes, as Kuma does. They are idempotent, so a new leader may run them
 *       again.
 *   <li>Periodic jobs (the subscription finalizer, the offline-dataplane collector) start when
 *       leadership is acquired, after their {@code start} action, run every {@code interval} and
 *       stop when it is lost; a failed pass is logged and the next one runs as planned.
 * </ul>
 *
 * All run on one {@code leader-jobs} thread.
 */
final class LeaderJobs implements LeadershipListener, AutoCloseable {
  static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);
  static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);
  private static final Logger log = LoggerFactory.getLogger(LeaderJobs.class);

  /**
   * A named idempotent job.
   *
   * @param name for logs
   * @param action does the job; throws when it should be retried
   */
  record Job(String name, Runnable action) {}

  /**
   * A job run every {@code interval} while leader.
   *
   * @param name for logs
   * @param interval between the end of a pass and the start of the next
   * @param start runs before the first pass of each leadership
   * @param action one pass
   */
  record Periodic(String name, Duration interval, Runnable start, Runnable action) {}

  private final List<Job> jobs;
  private final List<Periodic> periodic;
  private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
  private final ScheduledExecutorService executor;
  private volatile boolean isLeader;

  LeaderJobs(List<Job> jobs) {
    this(jobs, List.of());
  }

  LeaderJobs(List<Job> jobs, List<Periodic> periodic) {
    this.jobs = List.copyOf(jobs);
    this.periodic = List.copyOf(periodic);
    ScheduledThreadPoolExecutor pool =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "leader-jobs");
              t.setDaemon(true);
              return t;
            });
    pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.executor = pool;
  }

  @Override
  public void leadershipAcquired() {
    log.info("leadership acquired");
    isLeader = true;
    for (Job job : jobs) {
      executor.execute(() -> run(job, 1));
    }
    executor.execute(this::startPeriodic);
  }

  @Override
  public void leadershipLost() {
    log.info("leadership lost");
    isLeader = false;
    executor.execute(this::stopPeriodic);
  }

  private void startPeriodic() {
    if (!isLeader || !scheduled.isEmpty()) {
      return;
    }
    for (Periodic job : periodic) {
      job.start().run();
      long millis = job.interval().toMillis();
      scheduled.add(
          executor.scheduleWithFixedDelay(
              () -> runPass(job), millis, millis, TimeUnit.MILLISECONDS));
    }
  }

  private void stopPeriodic() {
    if (isLeader) {
      return;
    }
    scheduled.forEach(f -> f.cancel(false));
    scheduled.clear();
  }

  private void runPass(Periodic job) {
    if (!isLeader) {
      return;
    }
    try {
      job.action().run();
    } catch (Exception e) {
      log.warn(
          "leader job pass failed, next in {} job={} reason={}",
          job.interval(),
          job.name(),
          e.toString());
    }
  }

  private void run(Job job, int attempt) {
    if (!isLeader) {
      return;
    }
    try {
      job.action().run();
    } catch (Exception e) {
      long maxAttempts = GIVE_UP_AFTER.toMillis() / RETRY_INTERVAL.toMillis();
      if (attempt >= maxAttempts) {
        log.error("leader job failed, giving up job={} attempts={}", job.name(), attempt, e);
        return;
      }
      log.warn(
          "leader job failed, retrying job={} attempt={} retryIn={} reason={}",
          job.name(),
          attempt,
          RETRY_INTERVAL,
          e.toString());
      executor.schedule(
          () -> run(job, attempt + 1), RETRY_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    isLeader = false;
    executor.shutdownNow();
  }
}
