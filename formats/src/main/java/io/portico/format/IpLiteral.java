package io.portico.format;

import java.util.regex.Pattern;

/**
 * Whether a string is an IP address written out (a literal), decided from its text alone: no name
 * resolution, no look at the host's interfaces, so that compiling a config stays a pure function.
 *
 * <p>Accepted, as {@code InetAddress.getByName} accepts them without a lookup: IPv4 dotted quads
 * (four decimal parts up to 255) and IPv6 in the text forms of RFC 4291 §2.2 (with {@code ::} and
 * an embedded IPv4 tail), optionally in brackets and with a {@code %zone} (RFC 4007 §11). Whether a
 * zone names an interface of this host is a question for binding, not for validation.
 *
 * <p>The proxy's rule for the addresses of its config (listeners, admin, metrics, endpoints).
 * Resource validation in {@code mesh-api} is stricter (no zone, no brackets) and keeps its own.
 */
public final class IpLiteral {
  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  private static final Pattern HEXTET = Pattern.compile("[0-9A-Fa-f]{1,4}");

  private IpLiteral() {}

  /** Whether {@code text} is an IPv4 or IPv6 literal. */
  public static boolean isIpLiteral(String text) {
    return text.indexOf(':') >= 0 ? isIpv6(text) : isIpv4(text);
  }

  /** A dotted quad, each part at most 255 (leading zeros allowed, read as decimal). */
  static boolean isIpv4(String text) {
    if (!IPV4.matcher(text).matches()) {
      return false;
    }
    for (String part : text.split("\\.")) {
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  /** An IPv6 address: eight hextets, or fewer around one {@code ::}; see the class comment. */
  static boolean isIpv6(String text) {
    String address = text;
    if (address.length() > 2 && address.startsWith("[") && address.endsWith("]")) {
      address = address.substring(1, address.length() - 1);
    }
    int zone = address.indexOf('%');
    if (zone >= 0) {
      if (zone == address.length() - 1) {
        return false;
      }
      address = address.substring(0, zone);
    }
    int lastColon = address.lastIndexOf(':');
    if (lastColon < 0) {
      return false;
    }
    String tail = address.substring(lastColon + 1);
    if (tail.indexOf('.') >= 0) {
      // An embedded IPv4 address stands for the last two hextets.
      if (!isIpv4(tail)) {
        return false;
      }
      address = address.substring(0, lastColon + 1) + "0:0";
    }
    int gap = address.indexOf("::");
    if (gap < 0) {
      return hextets(address) == 8;
    }
    if (address.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    int before = address.substring(0, gap).isEmpty() ? 0 : hextets(address.substring(0, gap));
    int after = address.substring(gap + 2).isEmpty() ? 0 : hextets(address.substring(gap + 2));
    return before >= 0 && after >= 0 && before + after <= 7;
  }

  /** How many hextets {@code part} has (colon-separated); -1 when one is not 1 to 4 hex digits. */
  private static int hextets(String part) {
    String[] hextets = part.split(":", -1);
    for (String hextet : hextets) {
      if (!HEXTET.matcher(hextet).matches()) {
        return -1;
      }
    }
    return hextets.length;
  }
}
