package io.portico.proxy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {
  private final AtomicLong now = new AtomicLong();
  private final TokenBuckets buckets = new TokenBuckets(now::get);

  @Test
  void anUnchangedLimitKeepsItsBucketAcrossGenerations() {
    long first = buckets.beginGeneration();
    TokenBucket bucket = buckets.bucket("route-a", 5, Duration.ofSeconds(1));
    buckets.retainGeneration(first);
    long second = buckets.beginGeneration();
    assertThat(buckets.bucket("route-a", 5, Duration.ofSeconds(1))).isSameAs(bucket);
    buckets.retainGeneration(second);
  }

  @Test
  void aChangedLimitGetsAFreshBucket() {
    buckets.beginGeneration();
    TokenBucket bucket = buckets.bucket("route-a", 5, Duration.ofSeconds(1));
    buckets.beginGeneration();
    assertThat(buckets.bucket("route-a", 6, Duration.ofSeconds(1))).isNotSameAs(bucket);
    assertThat(buckets.bucket("route-a", 6, Duration.ofSeconds(2)))
        .isNotSameAs(bucket)
        .returns(6L, TokenBucket::capacity);
  }

  @Test
  void aSuccessfulGenerationForgetsTheBucketsItDidNotUse() {
    long first = buckets.beginGeneration();
    TokenBucket a = buckets.bucket("route-a", 5, Duration.ofSeconds(1));
    buckets.bucket("route-b", 5, Duration.ofSeconds(1));
    buckets.retainGeneration(first);
    long second = buckets.beginGeneration();
    buckets.bucket("route-b", 5, Duration.ofSeconds(1));
    buckets.retainGeneration(second);
    assertThat(buckets.size()).isEqualTo(1);
    buckets.beginGeneration();
    assertThat(buckets.bucket("route-a", 5, Duration.ofSeconds(1))).isNotSameAs(a);
  }

  @Test
  void aFailedGenerationForgetsNothing() {
    long first = buckets.beginGeneration();
    TokenBucket a = buckets.bucket("route-a", 5, Duration.ofSeconds(1));
    buckets.retainGeneration(first);
    buckets.beginGeneration();
    buckets.bucket("route-b", 5, Duration.ofSeconds(1));
    // not retained: the compilation failed
    long third = buckets.beginGeneration();
    assertThat(buckets.bucket("route-a", 5, Duration.ofSeconds(1))).isSameAs(a);
    buckets.retainGeneration(third);
  }
}
