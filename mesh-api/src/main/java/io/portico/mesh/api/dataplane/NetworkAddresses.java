package io.portico.mesh.api.dataplane;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import java.util.regex.Pattern;

/**
 * Syntax of the addresses proxies declare (dataplanes, zone ingresses and egresses): IP literals as
 * Go's {@code net.ParseIP} reads them and DNS names as Kuma's validator library reads them
 * (spec/core.md §2.2 rule 6). Never resolves anything.
 */
public final class NetworkAddresses {
  private static final Pattern DNS_NAME =
      Pattern.compile(
          "^([a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})(\\.[a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})*[._]?$");
  private static final Pattern HEX_GROUP = Pattern.compile("^[0-9a-fA-F]{1,4}$");

  private NetworkAddresses() {}

  /**
   * Checks a proxy address at {@code path}: {@code address can't be empty}, {@code must not be
   * 0.0.0.0 or ::}, {@code address has to be valid IP address or domain name}.
   */
  public static void validate(Path path, String address, Errors errors) {
    if (address == null || address.isEmpty()) {
      errors.add(path, "address can't be empty");
      return;
    }
    if (address.equals("0.0.0.0") || address.equals("::")) {
      errors.add(path, "must not be 0.0.0.0 or ::");
    }
    if (!isIp(address) && !isDnsName(address)) {
      errors.add(path, "address has to be valid IP address or domain name");
    }
  }

  /**
   * Whether a name can be sent as TLS SNI (RFC 6066 §3): a host name of ASCII letters, digits and
   * hyphens in labels, not an IP literal. What the proxy accepts as an upstream's SNI.
   */
  public static boolean isSniHostName(String name) {
    if (name == null
        || name.isEmpty()
        || name.indexOf(':') >= 0
        || name.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
      return false;
    }
    try {
      new javax.net.ssl.SNIHostName(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether {@code text} is an IPv4 or IPv6 literal (no zone, no brackets). */
  public static boolean isIp(String text) {
    return text != null && (isIpv4(text) || isIpv6(text));
  }

  /** Whether {@code text} is a DNS name (and not an IP literal). */
  public static boolean isDnsName(String text) {
    if (text == null || text.isEmpty() || text.replace(".", "").length() > 255) {
      return false;
    }
    return !isIp(text) && DNS_NAME.matcher(text).matches();
  }

  /** Four decimal octets 0-255 without leading zeros. */
  static boolean isIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        return false;
      }
      if (part.length() > 1 && part.charAt(0) == '0') {
        return false;
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  static boolean isIpv6(String text) {
    if (text.isEmpty() || !text.contains(":")) {
      return false;
    }
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    if (gap < 0) {
      return groups(text, true) == 8;
    }
    int head = groups(text.substring(0, gap), false);
    int tail = groups(text.substring(gap + 2), true);
    return head >= 0 && tail >= 0 && head + tail <= 7;
  }

  /** Number of 16-bit groups in a colon-separated part, or -1 when malformed. */
  private static int groups(String part, boolean mayEndWithIpv4) {
    if (part.isEmpty()) {
      return 0;
    }
    String[] items = part.split(":", -1);
    int count = 0;
    for (int i = 0; i < items.length; i++) {
      String item = items[i];
      if (i == items.length - 1 && mayEndWithIpv4 && item.contains(".")) {
        if (!isIpv4(item)) {
          return -1;
        }
        count += 2;
      } else if (HEX_GROUP.matcher(item).matches()) {
        count++;
      } else {
        return -1;
      }
    }
    return count;
  }
}
