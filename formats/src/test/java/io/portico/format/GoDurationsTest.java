package io.portico.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Go's {@code time.ParseDuration} syntax, read in one pass: the forms Kuma users write, the
 * refusals, the 64-bit nanosecond range, and inputs that used to take cubic time.
 */
class GoDurationsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "0, 0",
    "-0, 0",
    "5s, 5000000000",
    "+5s, 5000000000",
    "-5s, -5000000000",
    "1.5s, 1500000000",
    "1.s, 1000000000",
    ".5s, 500000000",
    "0.025s, 25000000",
    "25ms, 25000000",
    "1h30m, 5400000000000",
    "1h30m15.5s, 5415500000000",
    "100ns, 100",
    "3us, 3000",
    "3µs, 3000",
    "3μs, 3000",
    "2562047h, 9223369200000000000",
    "0000000000000000000000000000001s, 1000000000",
    "1.0000000000000000000000000001s, 1000000000",
  })
  void goSyntaxIsRead(String text, long nanos) {
    assertThat(GoDurations.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {"", "5", "s", "1x", "1.2.3s", "--1s", "+-1s", ".s", "1 s", "5s ms", "1e3s"})
  void otherTextIsRefusedNamingTheValue(String text) {
    assertThatThrownBy(() -> GoDurations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .isNotInstanceOf(DurationOutOfRangeException.class)
        .hasMessageContaining("duration \"" + text + "\"");
  }

  @Test
  void moreNanosecondsThanALongHoldsIsOutOfRange() {
    assertThatThrownBy(() -> GoDurations.parse("2562048h"))
        .isInstanceOf(DurationOutOfRangeException.class)
        .hasMessage("duration \"2562048h\" is out of range: expected at most 2562047h (292 years)");
    assertThatThrownBy(() -> GoDurations.parse("10000000000s"))
        .isInstanceOf(DurationOutOfRangeException.class);
    assertThatThrownBy(() -> GoDurations.parse("2000000h2000000h"))
        .isInstanceOf(DurationOutOfRangeException.class);
  }

  /**
   * The pattern this parser replaced took 4.5 s on 800 digits and did not end on 10,000. The bound
   * only stops a run that hangs; one pass over 100,000 characters takes milliseconds.
   */
  @Test
  @Timeout(10)
  void longDigitStringsAreRefusedInOnePass() {
    String digits = "1".repeat(100_000);
    assertThatThrownBy(() -> GoDurations.parse(digits))
        .isInstanceOf(DurationOutOfRangeException.class)
        .hasMessageStartingWith(
            "duration \"1111111111111111111111111111111111111111…\" (100000 characters) is out of"
                + " range");
    assertThatThrownBy(() -> GoDurations.parse("0".repeat(100_000)))
        .hasMessageContaining("a number without a unit");
    assertThatThrownBy(() -> GoDurations.parse("1." + "1".repeat(100_000)))
        .hasMessageContaining("a number without a unit");
    assertThat(GoDurations.parse("0".repeat(100_000) + "7s")).isEqualTo(Duration.ofSeconds(7));
    assertThatThrownBy(() -> GoDurations.parse("1s".repeat(50_000) + "x"))
        .hasMessageContaining("invalid duration");
  }

  @Test
  void formatIsProtobufJsonAndReadsBack() {
    for (Duration d :
        new Duration[] {
          Duration.ZERO,
          Duration.ofMillis(25),
          Duration.ofHours(876_000),
          Duration.ofNanos(Long.MAX_VALUE),
          Duration.ofSeconds(-5)
        }) {
      assertThat(GoDurations.parse(GoDurations.format(d))).isEqualTo(d);
    }
    assertThat(GoDurations.format(Duration.ofMillis(25))).isEqualTo("0.025s");
    assertThat(GoDurations.format(Duration.ofMinutes(90))).isEqualTo("5400s");
  }
}
