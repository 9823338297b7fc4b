package io.portico.proxy.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopTimeoutsTest {
  private final EventLoop loop = new DefaultEventLoop();
  private final List<String> fired = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws Exception {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  private <T> T onLoop(Callable<T> task) throws Exception {
    return loop.submit(task).get(5, TimeUnit.SECONDS);
  }

  @Test
  void timeoutsFireInDeadlineOrderAcrossDurations() throws Exception {
    onLoop(
        () -> {
          LoopTimeouts.arm(loop, Duration.ofMillis(300), () -> fired.add("300"));
          LoopTimeouts.arm(loop, Duration.ofMillis(100), () -> fired.add("100"));
          LoopTimeouts.arm(loop, Duration.ofMillis(200), () -> fired.add("200"));
          return null;
        });
    await().atMost(Duration.ofSeconds(5)).until(() -> fired.size() == 3);
    assertThat(fired).containsExactly("100", "200", "300");
  }

  @Test
  void aCancelledTimeoutNeverFiresAndLeavesTheQueueWhenAtItsHead() throws Exception {
    LoopTimeouts timeouts = new LoopTimeouts(loop, loop.ticker());
    onLoop(
        () -> {
          for (int i = 0; i < 1000; i++) {
            timeouts.schedule(TimeUnit.MILLISECONDS.toNanos(100), () -> fired.add("x")).cancel();
          }
          return null;
        });
    assertThat(onLoop(timeouts::pending)).isZero();
    LoopTimeouts.Timeout kept =
        onLoop(
            () -> timeouts.schedule(TimeUnit.MILLISECONDS.toNanos(100), () -> fired.add("kept")));
    await().atMost(Duration.ofSeconds(5)).until(() -> fired.contains("kept"));
    assertThat(fired).containsExactly("kept");
    assertThat(onLoop(kept::isPending)).isFalse();
  }

  @Test
  void aTimeoutArmedAfterALaterOneStillFiresOnTime() throws Exception {
    // The queue's wake-up is set for the first deadline; a cancelled head must not delay the next.
    LoopTimeouts timeouts = new LoopTimeouts(loop, loop.ticker());
    long start = System.nanoTime();
    AtomicLong firedAt = new AtomicLong();
    onLoop(
        () -> {
          timeouts
              .schedule(TimeUnit.MILLISECONDS.toNanos(200), () -> fired.add("cancelled"))
              .cancel();
          return timeouts.schedule(
              TimeUnit.MILLISECONDS.toNanos(200), () -> firedAt.set(System.nanoTime()));
        });
    await().atMost(Duration.ofSeconds(5)).until(() -> firedAt.get() != 0);
    assertThat(Duration.ofNanos(firedAt.get() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(fired).isEmpty();
  }

  @Test
  void aFailingTaskDoesNotStrandTheOnesBehindIt() throws Exception {
    onLoop(
        () -> {
          LoopTimeouts.arm(
              loop,
              Duration.ofMillis(50),
              () -> {
                throw new IllegalStateException("boom");
              });
          LoopTimeouts.arm(loop, Duration.ofMillis(50), () -> fired.add("after"));
          return null;
        });
    await().atMost(Duration.ofSeconds(5)).until(() -> fired.contains("after"));
  }

  @Test
  void cancelledTimeoutsBehindALongLivedOneAreCompacted() throws Exception {
    LoopTimeouts timeouts = new LoopTimeouts(loop, loop.ticker());
    long nanos = TimeUnit.SECONDS.toNanos(60);
    onLoop(
        () -> {
          timeouts.schedule(nanos, () -> fired.add("idle connection"));
          for (int i = 0; i < 100_000; i++) {
            timeouts.schedule(nanos, () -> fired.add("x")).cancel();
          }
          return null;
        });
    // Without compaction all 100,000 would wait behind the first until it fires.
    assertThat(onLoop(timeouts::pending)).isLessThanOrEqualTo(1 + 2 * 65);
    assertThat(fired).isEmpty();
  }

  @Test
  void armingOffTheLoopIsRefused() {
    assertThatThrownBy(() -> LoopTimeouts.arm(loop, Duration.ofSeconds(1), () -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("event loop");
  }

  @Test
  void aTaskMayArmTheNextTimeoutOfItsOwnQueue() throws Exception {
    LoopTimeouts timeouts = new LoopTimeouts(loop, loop.ticker());
    long nanos = TimeUnit.MILLISECONDS.toNanos(50);
    Runnable[] again = new Runnable[1];
    again[0] =
        () -> {
          fired.add("tick");
          if (fired.size() < 3) {
            timeouts.schedule(nanos, again[0]);
          }
        };
    onLoop(() -> timeouts.schedule(nanos, again[0]));
    await().atMost(Duration.ofSeconds(5)).until(() -> fired.size() == 3);
    assertThat(onLoop(timeouts::pending)).isZero();
  }
}
