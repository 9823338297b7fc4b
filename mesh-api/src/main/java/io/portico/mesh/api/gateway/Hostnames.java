package io.portico.mesh.api.gateway;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import java.util.regex.Pattern;

/**
 * Hostname syntax for listeners and routes: lowercase DNS names made of labels {@code
 * [a-z0-9]([-a-z0-9]*[a-z0-9])?} joined by dots, or a wildcard {@code *.} followed by such a name
 * (spec/gateway.md §1.2, Kuma's {@code ValidateHostname}).
 */
final class Hostnames {
  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern DOMAIN = Pattern.compile("^" + LABEL + "(\\." + LABEL + ")*$");

  private Hostnames() {}

  /**
   * A listener hostname: {@code *}, {@code *.domain} or a DNS name; violations {@code invalid
   * wildcard domain} and {@code invalid hostname}.
   */
  static void validateListenerHostname(Path path, String hostname, Errors errors) {
    if (hostname.equals("*")) {
      return;
    }
    check(path, hostname, errors);
  }

  /**
   * A route hostname (Portico decision Q6): a DNS name or {@code *.domain}; the bare {@code *} is
   * rejected because a route without hostnames already matches every host.
   */
  static void validateRouteHostname(Path path, String hostname, Errors errors) {
    if (hostname.isEmpty()) {
      errors.add(path, "cannot be empty");
    } else if (hostname.equals("*")) {
      errors.add(path, "\"*\" is not allowed: omit hostnames to match every host");
    } else {
      check(path, hostname, errors);
    }
  }

  private static void check(Path path, String hostname, Errors errors) {
    if (hostname.startsWith("*.")) {
      if (!DOMAIN.matcher(hostname.substring(2)).matches()) {
        errors.add(path, "invalid wildcard domain");
      }
    } else if (!DOMAIN.matcher(hostname).matches()) {
      errors.add(path, "invalid hostname");
    }
  }
}
