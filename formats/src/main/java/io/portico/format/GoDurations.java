package io.portico.format;

import static io.portico.format.Quoting.quote;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Durations as Kuma reads and writes them: read in Go syntax ({@code 1h30m}, {@code 1.5s}, {@code
 * 25ms}, which includes the protobuf form {@code 0.025s}), written in the protobuf-JSON form
 * ({@code "5400s"}, {@code "0.025s"}) (spec/core.md §0).
 *
 * <p>Parsing is one left-to-right pass, linear in the length of the text whatever it holds (no
 * regular expression: a backtracking pattern took cubic time on long digit strings). A value whose
 * nanoseconds do not fit a signed 64-bit integer (about 292 years, Go's {@code time.Duration}) is
 * out of range, as Go's {@code time.ParseDuration} says.
 */
public final class GoDurations {
  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

  private GoDurations() {}

  /**
   * Parses a Go duration string: an optional sign, then {@code 0}, or one or more decimal numbers
   * (with an optional fraction) each followed by a unit out of {@code ns us µs ms s m h}.
   *
   * @throws IllegalArgumentException naming the value when it is not a duration or is out of range
   */
  public static Duration parse(String text) {
    String s = text.trim();
    int at = 0;
    boolean negative = false;
    if (at < s.length() && (s.charAt(at) == '-' || s.charAt(at) == '+')) {
      negative = s.charAt(at) == '-';
      at++;
    }
    if (s.length() - at == 1 && s.charAt(at) == '0') {
      return Duration.ZERO;
    }
    if (at == s.length()) {
      throw invalid(text);
    }
    BigDecimal nanos = BigDecimal.ZERO;
    while (at < s.length()) {
      // The whole part, without leading zeros; more than 19 significant digits cannot fit.
      int wholeStart = at;
      while (at < s.length() && s.charAt(at) == '0') {
        at++;
      }
      int significantStart = at;
      while (at < s.length() && isDigit(s.charAt(at))) {
        at++;
      }
      int wholeDigits = at - wholeStart;
      if (at - significantStart > 19) {
        throw outOfRange(text);
      }
      String whole = s.substring(significantStart, at);
      // The fraction: digits past the 18th cannot change a nanosecond count, as in Go they are
      // dropped.
      String fraction = "";
      int fractionDigits = 0;
      if (at < s.length() && s.charAt(at) == '.') {
        at++;
        int fractionStart = at;
        while (at < s.length() && isDigit(s.charAt(at))) {
          at++;
        }
        fractionDigits = at - fractionStart;
        fraction = s.substring(fractionStart, Math.min(at, fractionStart + 18));
      }
      if (wholeDigits == 0 && fractionDigits == 0) {
        throw invalid(text);
      }
      int unitStart = at;
      while (at < s.length() && !isDigit(s.charAt(at)) && s.charAt(at) != '.') {
        at++;
      }
      long unit = unitNanos(s.substring(unitStart, at), text);
      BigDecimal amount =
          new BigDecimal(
              (whole.isEmpty() ? "0" : whole) + (fraction.isEmpty() ? "" : "." + fraction));
      nanos = nanos.add(amount.multiply(BigDecimal.valueOf(unit)));
      if (nanos.compareTo(MAX_NANOS) > 0) {
        throw outOfRange(text);
      }
    }
    long n = nanos.setScale(0, RoundingMode.DOWN).longValueExact();
    return negative ? Duration.ofNanos(-n) : Duration.ofNanos(n);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static long unitNanos(String unit, String text) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs", "μs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      case "" ->
          throw new IllegalArgumentException(
              "invalid duration "
                  + quote(text)
                  + ": a number without a unit (ns, us, ms, s, m, h)");
      default ->
          throw new IllegalArgumentException(
              "invalid duration "
                  + quote(text)
                  + ": unknown unit "
                  + quote(unit)
                  + ", expected ns, us, ms, s, m or h");
    };
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "invalid duration " + quote(text) + ": expected e.g. 5s, 1.5s, 1h30m");
  }

  private static IllegalArgumentException outOfRange(String text) {
    return new DurationOutOfRangeException(
        "duration " + quote(text) + " is out of range: expected at most 2562047h (292 years)");
  }

  /**
   * Formats in protobuf-JSON form: seconds with up to nine fraction digits, e.g. {@code 0.025s}.
   */
  public static String format(Duration d) {
    BigDecimal seconds = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
    seconds = seconds.stripTrailingZeros();
    return seconds.toPlainString() + "s";
  }
}
