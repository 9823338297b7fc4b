package io.portico.cli.output;

import java.time.Duration;
import java.time.Instant;

/**
 * AGE and "... AGO" cells, as kumactl writes them (spec/core.md §5.8, kumahq/kuma:app/kumactl/pkg/
 * output/table/cells.go): under a minute {@code Ns}, under an hour {@code Nm}, under a day {@code
 * Nh}, under 365 days {@code Nd}, else {@code Ny}. Values are truncated, never rounded. A clock
 * skew of up to one second in the future reads {@code 0s}; further in the future, or no time at
 * all, reads {@code never}.
 */
public final class Age {
  private static final long MINUTE = 60;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long YEAR = 365 * DAY;

  private Age() {}

  /** The age of something that happened at {@code then}, seen at {@code now}. */
  public static String between(Instant then, Instant now) {
    if (then == null) {
      return "never";
    }
    return of(Duration.between(then, now));
  }

  /** A duration in the AGE format. */
  public static String of(Duration age) {
    long seconds = truncatedSeconds(age);
    if (seconds < -1) {
      return "never";
    }
    if (seconds < 0) {
      return "0s";
    }
    if (seconds < MINUTE) {
      return seconds + "s";
    }
    if (seconds < HOUR) {
      return seconds / MINUTE + "m";
    }
    if (seconds < DAY) {
      return seconds / HOUR + "h";
    }
    if (seconds < YEAR) {
      return seconds / DAY + "d";
    }
    return seconds / YEAR + "y";
  }

  /** Whole seconds, truncated towards zero as Go's {@code int(d.Seconds())} does. */
  private static long truncatedSeconds(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < 0 && d.getNano() > 0) {
      seconds++;
    }
    return seconds;
  }
}
