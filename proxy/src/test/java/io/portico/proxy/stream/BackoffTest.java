package io.portico.proxy.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final Backoff TENTHS = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

  @Test
  void windowDoublesPerFailureUpToTheCap() {
    assertThat(IntStream.range(0, 6).mapToObj(n -> TENTHS.delay(n, FakeRandom.highest())))
        .containsExactly(
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(800),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1));
    assertThat(TENTHS.delay(Integer.MAX_VALUE, FakeRandom.highest()))
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void noDelayIsShorterThanTheBase() {
    assertThat(IntStream.range(0, 6).mapToObj(n -> TENTHS.delay(n, FakeRandom.lowest())))
        .containsOnly(Duration.ofMillis(100));
  }

  @Test
  void defaultDelaysStayBetweenAQuarterAndThreeQuartersOfASecond() {
    // Issue 10: back within 1 s of the control plane being ready, so every delay leaves room for
    // TCP, TLS and the Hello.
    assertThat(Backoff.DEFAULT.ceiling(0)).isEqualTo(Duration.ofMillis(500));
    assertThat(Backoff.DEFAULT.ceiling(1)).isEqualTo(Duration.ofMillis(750));
    SplittableRandom random = new SplittableRandom(7);
    List<Duration> delays = new ArrayList<>();
    for (int failures = 0; failures < 1000; failures++) {
      delays.add(Backoff.DEFAULT.delay(failures, random));
    }
    assertThat(delays)
        .allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(250), Duration.ofMillis(750)));
    assertThat(delays.stream().distinct().count()).isGreaterThan(990);
  }

  @Test
  void proxiesCutOffTogetherSpreadTheirRetries() {
    // A thousand proxies (one random source each) whose streams broke in the same instant.
    SplittableRandom seeds = new SplittableRandom(42);
    for (int failures : new int[] {0, 5}) {
      Map<Long, Integer> perMillisecond = new HashMap<>();
      long shortest = Long.MAX_VALUE;
      long longest = 0;
      for (int proxy = 0; proxy < 1000; proxy++) {
        long millis = Backoff.DEFAULT.delay(failures, seeds.split()).toMillis();
        perMillisecond.merge(millis, 1, Integer::sum);
        shortest = Math.min(shortest, millis);
        longest = Math.max(longest, millis);
      }
      long window = Backoff.DEFAULT.ceiling(failures).toMillis() - 250;
      assertThat(shortest).as("failures=%d", failures).isLessThan(250 + window / 10);
      assertThat(longest).as("failures=%d", failures).isGreaterThan(250 + window * 9 / 10);
      // 4 a millisecond on average over the first 250 ms window, 2 over the later 500 ms ones.
      assertThat(perMillisecond.values()).as("failures=%d", failures).allMatch(n -> n <= 15);
    }
  }

  @Test
  void sameFailureCountGivesDifferentDelaysToDifferentProxies() {
    assertThat(Backoff.DEFAULT.delay(3, new SplittableRandom(1)))
        .isNotEqualTo(Backoff.DEFAULT.delay(3, new SplittableRandom(2)));
  }

  @Test
  void baseEqualToTheCapIsAFixedDelay() {
    Backoff fixed = new Backoff(Duration.ofMillis(300), Duration.ofMillis(300));
    assertThat(fixed.delay(0, new SplittableRandom(3))).isEqualTo(Duration.ofMillis(300));
    assertThat(fixed.delay(9, new SplittableRandom(3))).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void invalidSettingsAreRejected() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("backoff base PT0S");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("backoff cap PT1S: expected at least the base PT2S");
    assertThatThrownBy(() -> Backoff.DEFAULT.delay(-1, new SplittableRandom(1)))
        .hasMessageContaining("failures -1");
  }
}
