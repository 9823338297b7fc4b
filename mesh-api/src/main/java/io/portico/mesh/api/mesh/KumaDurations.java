package io.portico.mesh.api.mesh;

import io.portico.format.DurationOutOfRangeException;
import io.portico.format.Quoting;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kuma's own duration strings, used only for certificate lifetimes ({@code
 * mtls.backends[].dpCert.rotation.expiration}, builtin {@code conf.caCert.expiration}): a
 * non-negative integer followed by exactly one unit out of {@code y w d h m s ms}, or the bare
 * string {@code 0}. A year is 365 days, a week 7 days. No fractions, no compound values, no sign
 * (spec/core.md §0, Kuma's {@code ParseDuration}).
 */
public final class KumaDurations {
  /** The longest certificate lifetime: 100 years (36500 days). */
  public static final Duration MAX = Duration.ofDays(36_500);

  private static final Pattern FORMAT = Pattern.compile("^([0-9]+)(y|w|d|h|ms|m|s)$");

  private KumaDurations() {}

  /**
   * Parses a Kuma duration string such as {@code 1d}, {@code 10y}, {@code 36h} or {@code 0}.
   *
   * @throws IllegalArgumentException naming the value when it is not a Kuma duration
   */
  public static Duration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("not a valid duration string: null");
    }
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw invalid(text);
    }
    long amount;
    try {
      amount = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw outOfRange(text);
    }
    Duration d;
    try {
      d =
          switch (m.group(2)) {
            case "y" -> Duration.ofDays(Math.multiplyExact(amount, 365L));
            case "w" -> Duration.ofDays(Math.multiplyExact(amount, 7L));
            case "d" -> Duration.ofDays(amount);
            case "h" -> Duration.ofHours(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMillis(amount);
          };
    } catch (ArithmeticException e) {
      throw outOfRange(text);
    }
    if (d.compareTo(MAX) > 0) {
      throw outOfRange(text);
    }
    return d;
  }

  /** Whether {@code text} is a valid Kuma duration string. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static IllegalArgumentException outOfRange(String text) {
    return new DurationOutOfRangeException(
        "duration " + Quoting.quote(text) + " is out of range: expected at most 100y");
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "not a valid duration string: "
            + Quoting.quote(text)
            + ": expected an integer and one unit of y, w, d, h, m, s, ms (e.g. 1d, 10y, 36h)"
            + " or 0");
  }
}
