package io.portico.proxy.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --drain-time}: Go durations (io.portico.format.GoDurations), not negative. */
class DurationConverterTest {
  private final RunCommand.DurationConverter converter = new RunCommand.DurationConverter();

  @ParameterizedTest
  @CsvSource({
    "30s, PT30S",
    "0, PT0S",
    "0s, PT0S",
    "500ms, PT0.5S",
    "1m30s, PT1M30S",
    "1.5s, PT1.5S",
    "2h, PT2H",
    "1h2m3s4ms, PT1H2M3.004S",
    "100us, PT0.0001S",
    "7ns, PT0.000000007S",
  })
  void parsesGoDurations(String text, Duration expected) {
    assertThat(converter.convert(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "30", "s", "1d", "1 s", "PT30S", "3.s.s"})
  void rejectsAnythingElseNamingTheValue(String text) {
    assertThatThrownBy(() -> converter.convert(text))
        .isInstanceOf(picocli.CommandLine.TypeConversionException.class)
        .hasMessageStartingWith("invalid duration \"" + text.trim() + "\"");
  }

  @Test
  void rejectsNegativeDurations() {
    assertThatThrownBy(() -> converter.convert("-5s"))
        .isInstanceOf(picocli.CommandLine.TypeConversionException.class)
        .hasMessage("invalid duration \"-5s\": must not be negative");
  }
}
