package io.portico.proxy.run;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as kuma-dp takes them ({@code --drain-time 30s}): Go's {@code time.ParseDuration}
 * syntax, a sequence of decimal numbers each with a unit {@code ns us µs ms s m h} (e.g. {@code
 * 1m30s}, {@code 1.5s}, {@code 250ms}), or {@code 0}. Negative durations are rejected.
 */
final class GoDuration {
  private static final Pattern PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "µs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private GoDuration() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the value and the expected form
   */
  static Duration parse(String text) {
    String value = text.trim();
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    Matcher matcher = PART.matcher(value);
    BigDecimal nanos = BigDecimal.ZERO;
    int position = 0;
    while (position < value.length()) {
      // Anchored at the position (lookingAt on a region), not a search from it: a search would try
      // every later start and take quadratic time on a long digit string.
      matcher.region(position, value.length());
      if (!matcher.lookingAt()) {
        throw new IllegalArgumentException(
            "\""
                + text
                + "\" is not a duration: expected a number and a unit (ns, us, ms, s, m, h) such as 30s, 1m30s or 500ms");
      }
      nanos =
          nanos.add(
              new BigDecimal(matcher.group(1))
                  .multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(matcher.group(2)))));
      position = matcher.end();
    }
    if (position == 0) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" is not a duration: expected a number and a unit (ns, us, ms, s, m, h) such as 30s, 1m30s or 500ms");
    }
    try {
      return Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("\"" + text + "\" is too long a duration", e);
    }
  }
}
