package io.portico.proxy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private final AtomicLong now = new AtomicLong(1_000);

  @Test
  void aFullBucketGivesCapacityTokensThenNone() {
    TokenBucket bucket = new TokenBucket(3, Duration.ofSeconds(1), now::get);
    assertThat(List.of(bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()))
        .containsExactly(true, true, true, false);
    assertThat(bucket.available()).isZero();
  }

  @Test
  void eachIntervalRefillsTheBucketToCapacityNotBeyond() {
    TokenBucket bucket = new TokenBucket(2, Duration.ofSeconds(1), now::get);
    assertThat(bucket.tryTake()).isTrue();
    now.addAndGet(Duration.ofMillis(999).toNanos());
    assertThat(bucket.tryTake()).isTrue();
    assertThat(bucket.tryTake()).isFalse();
    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(bucket.available()).isEqualTo(2);
    assertThat(bucket.tryTake()).isTrue();
    assertThat(bucket.tryTake()).isTrue();
    assertThat(bucket.tryTake()).isFalse();
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(bucket.available()).isEqualTo(2);
  }

  @Test
  void refillsAreCountedFromTheBucketsCreation() {
    TokenBucket bucket = new TokenBucket(1, Duration.ofSeconds(1), now::get);
    now.addAndGet(Duration.ofMillis(500).toNanos());
    assertThat(bucket.tryTake()).isTrue();
    now.addAndGet(Duration.ofMillis(499).toNanos());
    assertThat(bucket.tryTake()).isFalse();
    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(bucket.tryTake()).isTrue();
  }

  @Test
  void threadsTogetherTakeExactlyTheCapacity() throws InterruptedException {
    TokenBucket bucket = new TokenBucket(1000, Duration.ofHours(1), now::get);
    AtomicInteger taken = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < 500; i++) {
                  if (bucket.tryTake()) {
                    taken.incrementAndGet();
                  }
                }
              });
      thread.start();
      threads.add(thread);
    }
    go.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(taken.get()).isEqualTo(1000);
  }

  @Test
  void capacityAndIntervalMustBePositive() {
    assertThatThrownBy(() -> new TokenBucket(0, Duration.ofSeconds(1), now::get))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenBucket(1, Duration.ZERO, now::get))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
