package io.portico.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgeTest {
  @ParameterizedTest(name = "{0} reads {1}")
  @CsvSource({
    "PT0S, 0s",
    "PT0.999S, 0s",
    "PT59.9S, 59s",
    "PT60S, 1m",
    "PT59M59S, 59m",
    "PT1H, 1h",
    "PT23H59M, 23h",
    "PT24H, 1d",
    "PT8759H, 364d",
    "PT8760H, 1y",
    "PT17520H, 2y",
    "PT-1S, 0s",
    "PT-1.9S, 0s",
    "PT-2S, never",
    "PT-100H, never",
  })
  void durationsAreTruncatedToOneUnit(Duration age, String expected) {
    assertThat(Age.of(age)).isEqualTo(expected);
  }

  @Test
  void missingTimeIsNever() {
    assertThat(Age.between(null, Instant.EPOCH)).isEqualTo("never");
  }

  @Test
  void ageIsMeasuredFromThenToNow() {
    Instant now = Instant.parse("2024-01-02T10:00:00Z");

    assertThat(Age.between(now.minusSeconds(180), now)).isEqualTo("3m");
  }
}
