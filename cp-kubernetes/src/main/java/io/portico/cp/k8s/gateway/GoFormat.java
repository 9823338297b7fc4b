package io.portico.cp.k8s.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Values written the way Kuma's Go code writes them, where the text itself ends up in an object and
 * so must be byte-identical: {@code json.Marshal} of a {@code map[string]string} (the pod
 * annotation {@code kuma.io/tags}, spec/kubernetes.md §4.5) and {@code time.Duration.String()} (the
 * drain time variable).
 */
final class GoFormat {
  private static final String HEX = "0123456789abcdef";

  private GoFormat() {}

  /**
   * {@code json.Marshal(map[string]string)}: keys sorted by their UTF-8 bytes (code point order),
   * no spaces, Go's escapes ({@code <}, {@code >}, {@code &}, U+2028 and U+2029 as {@code \}{@code
   * uXXXX}; other control characters as {@code \}{@code u00XX} except {@code \n \r \t}).
   */
  static String json(Map<String, String> map) {
    TreeMap<String, String> sorted = new TreeMap<>(GoFormat::compareCodePoints);
    sorted.putAll(map);
    StringBuilder out = new StringBuilder("{");
    sorted.forEach(
        (key, value) -> {
          if (out.length() > 1) {
            out.append(',');
          }
          string(out, key);
          out.append(':');
          string(out, value);
        });
    return out.append('}').toString();
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            unicodeEscape(out, c);
          } else if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c)
                && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1))) {
              out.append(c).append(s.charAt(++i));
            } else {
              out.append("\\ufffd");
            }
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void unicodeEscape(StringBuilder out, char c) {
    out.append("\\u")
        .append(HEX.charAt((c >> 12) & 0xF))
        .append(HEX.charAt((c >> 8) & 0xF))
        .append(HEX.charAt((c >> 4) & 0xF))
        .append(HEX.charAt(c & 0xF));
  }

  /**
   * {@code time.Duration.String()}: {@code 30s}, {@code 1m30s}, {@code 1h0m0s}, {@code 1.5s}; under
   * a second in the largest unit that keeps an integer part ({@code 500ms}, {@code 1.5µs}, {@code
   * 10ns}); {@code 0s} for zero.
   *
   * @throws ArithmeticException when the duration does not fit Go's signed 64-bit nanoseconds
   */
  static String duration(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    boolean negative = nanos < 0;
    // Long.MIN_VALUE has no positive counterpart: handle its magnitude unsigned, as Go does.
    long u = negative ? -nanos : nanos;
    StringBuilder out = new StringBuilder();
    if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
      if (u < 1_000L) {
        out.append(u).append("ns");
      } else if (u < 1_000_000L) {
        out.append(fraction(u, 3)).append("µs");
      } else {
        out.append(fraction(u, 6)).append("ms");
      }
    } else {
      long seconds = Long.divideUnsigned(u, 1_000_000_000L);
      long fractionNanos = Long.remainderUnsigned(u, 1_000_000_000L);
      long hours = seconds / 3600;
      long minutes = (seconds / 60) % 60;
      long secs = seconds % 60;
      if (hours > 0) {
        out.append(hours).append('h');
      }
      if (hours > 0 || minutes > 0) {
        out.append(minutes).append('m');
      }
      out.append(secs);
      appendFraction(out, fractionNanos, 9);
      out.append('s');
    }
    return negative ? "-" + out : out.toString();
  }

  /** {@code value / 10^digits} with the fraction's trailing zeros (and a bare point) dropped. */
  private static String fraction(long value, int digits) {
    long scale = (long) Math.pow(10, digits);
    StringBuilder out = new StringBuilder().append(value / scale);
    appendFraction(out, value % scale, digits);
    return out.toString();
  }

  private static void appendFraction(StringBuilder out, long fraction, int digits) {
    if (fraction == 0) {
      return;
    }
    String text = String.format("%0" + digits + "d", fraction);
    int end = text.length();
    while (text.charAt(end - 1) == '0') {
      end--;
    }
    out.append('.').append(text, 0, end);
  }
}
