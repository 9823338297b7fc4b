package io.portico.cp;

import io.portico.cp.store.LeadershipListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-off jobs that only the leader runs (spec/core.md §1.5, §8.1): the default mesh, the user
 * token signing key, the admin token. Each runs when leadership is acquired and, when it fails (the
 * store is unreachable, say), again every 5 s for up to 10 minutes, as Kuma does. Jobs are
 * idempotent, so a new leader may run them again. All run on one {@code leader-jobs} thread.
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

  private final List<Job> jobs;
  private final ScheduledExecutorService executor;
  private volatile boolean isLeader;

  LeaderJobs(List<Job> jobs) {
    this.jobs = List.copyOf(jobs);
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
  }

  @Override
  public void leadershipLost() {
    log.info("leadership lost");
    isLeader = false;
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
