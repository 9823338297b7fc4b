package io.portico.mesh.api.codec;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Kuma reads and writes them: read in Go syntax ({@code 1h30m}, {@code 1.5s}, {@code
 * 25ms}, which includes the protobuf form {@code 0.025s}), written in the protobuf-JSON form
 * ({@code "5400s"}, {@code "0.025s"}) (spec/core.md §0).
 */
public final class GoDurations {
  private static final Pattern PART = Pattern.compile("([0-9]*\\.?[0-9]+)(ns|us|µs|ms|s|m|h)");

  private GoDurations() {}

  /**
   * Parses a Go duration string.
   *
   * @throws IllegalArgumentException naming the value when it is not a duration
   */
  public static Duration parse(String text) {
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("invalid duration \"\": expected e.g. 5s, 1.5s, 1h30m");
    }
    boolean negative = false;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(s);
    int at = 0;
    BigDecimal nanos = BigDecimal.ZERO;
    while (at < s.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException(
            "invalid duration \"" + text + "\": expected e.g. 5s, 1.5s, 1h30m");
      }
      BigDecimal amount = new BigDecimal(m.group(1));
      nanos = nanos.add(amount.multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
      at = m.end();
    }
    long n = nanos.setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
    Duration d = Duration.ofNanos(n);
    return negative ? d.negated() : d;
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> throw new IllegalArgumentException("unknown duration unit " + unit);
    };
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
