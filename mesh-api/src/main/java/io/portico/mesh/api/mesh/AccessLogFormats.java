package io.portico.mesh.api.mesh;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the command operators of a logging backend's {@code format} (spec/core.md §1.3: "Envoy
 * access-log format string with Kuma extra operators, validated"), so that a Mesh naming an
 * operator the proxy does not know is refused when it is applied. The proxy checks the same set
 * again when it compiles the format.
 */
final class AccessLogFormats {
  /** The operators the Portico proxy renders (docs/proxy-data-plane.md, "Access logs"). */
  static final Set<String> OPERATORS =
      Set.of(
          "START_TIME",
          "REQ",
          "RESP",
          "PROTOCOL",
          "RESPONSE_CODE",
          "RESPONSE_FLAGS",
          "BYTES_RECEIVED",
          "BYTES_SENT",
          "DURATION",
          "UPSTREAM_HOST",
          "UPSTREAM_CLUSTER",
          "DOWNSTREAM_REMOTE_ADDRESS",
          "DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT",
          "DOWNSTREAM_DIRECT_REMOTE_ADDRESS",
          "DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT",
          "DOWNSTREAM_LOCAL_ADDRESS",
          "DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT",
          "KUMA_MESH",
          "KUMA_SOURCE_SERVICE",
          "KUMA_DESTINATION_SERVICE",
          "KUMA_SOURCE_ADDRESS",
          "KUMA_SOURCE_ADDRESS_WITHOUT_PORT",
          "KUMA_TRAFFIC_DIRECTION");

  private static final Pattern OPERATOR = Pattern.compile("([A-Z_]+)(\\((.*)\\))?(:[0-9]{1,9})?");

  private AccessLogFormats() {}

  /** What is wrong with {@code format}: unknown or malformed operators; empty when valid. */
  static List<String> problems(String format) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < format.length()) {
      if (format.charAt(i) != '%') {
        i++;
        continue;
      }
      int end = end(format, i + 1);
      if (end < 0) {
        out.add("unterminated operator at offset " + i);
        break;
      }
      String operator = format.substring(i + 1, end);
      var m = OPERATOR.matcher(operator);
      if (!m.matches() || !OPERATORS.contains(m.group(1))) {
        out.add("unknown command operator %" + operator + "%");
      } else if ((m.group(1).equals("REQ") || m.group(1).equals("RESP"))
          && (m.group(3) == null || m.group(3).isEmpty())) {
        out.add("operator %" + operator + "% needs a header name");
      }
      i = end + 1;
    }
    return out;
  }

  private static int end(String format, int from) {
    int depth = 0;
    for (int j = from; j < format.length(); j++) {
      char c = format.charAt(j);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '%' && depth == 0) {
        return j;
      }
    }
    return -1;
  }
}
