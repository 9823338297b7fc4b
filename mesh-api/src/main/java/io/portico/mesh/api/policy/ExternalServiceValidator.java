package io.portico.mesh.api.policy;

import io.portico.mesh.api.DataSource;
import io.portico.mesh.api.Validator;
import io.portico.mesh.api.dataplane.NetworkAddresses;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import io.portico.mesh.api.validation.TagRules;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Validates an ExternalService (spec/core.md §3.4): dataplane-style tags with {@code
 * kuma.io/service} and a known {@code kuma.io/protocol}; {@code networking.address} as {@code
 * host:port} with an IP or DNS host and a port in [1, 65535]; a set {@code tls.serverName} is not
 * empty; each set TLS data source names exactly one source.
 */
public final class ExternalServiceValidator implements Validator<ExternalServiceSpec> {
  static final List<String> PROTOCOLS = List.of("grpc", "http", "http2", "kafka", "tcp");
  private static final Pattern IPV4 =
      Pattern.compile(
          "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
  private static final Pattern DNS_NAME =
      Pattern.compile(
          "^([a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})(\\.[a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})*[._]?$");
  private static final Pattern HEX_GROUP = Pattern.compile("^[0-9a-fA-F]{1,4}$");

  @Override
  public void validate(ExternalServiceSpec spec, Errors errors) {
    networking(Path.of("networking"), spec.networking(), errors);
    Path tags = Path.of("tags");
    TagRules.validateTags(tags, spec.tags(), true, errors);
    String protocol = spec.tags().get(TagRules.PROTOCOL);
    if (protocol != null
        && !protocol.isEmpty()
        && !PROTOCOLS.contains(protocol.toLowerCase(Locale.ROOT))) {
      errors.add(
          tags.key(TagRules.PROTOCOL),
          "tag \""
              + TagRules.PROTOCOL
              + "\" has an invalid value \""
              + protocol
              + "\". Allowed values: "
              + String.join(", ", PROTOCOLS));
    }
  }

  private static void networking(
      Path path, ExternalServiceSpec.Networking networking, Errors errors) {
    if (networking == null) {
      errors.add(path, "should have networking");
      return;
    }
    address(path.field("address"), networking.address(), errors);
    ExternalServiceSpec.Tls tls = networking.tls();
    if (tls == null) {
      return;
    }
    Path tlsPath = path.field("tls");
    if (tls.serverName() != null && tls.serverName().isEmpty()) {
      errors.add(tlsPath.field("serverName"), "cannot be empty");
    } else if (tls.serverName() != null && !NetworkAddresses.isSniHostName(tls.serverName())) {
      errors.add(
          tlsPath.field("serverName"),
          "must be a host name such as api.example.com (TLS SNI, RFC 6066), not an IP address");
    }
    if (tls.caCert() != null) {
      DataSource.validate(tlsPath.field("caCert"), tls.caCert(), errors);
    }
    if (tls.clientCert() != null) {
      DataSource.validate(tlsPath.field("clientCert"), tls.clientCert(), errors);
    }
    if (tls.clientKey() != null) {
      DataSource.validate(tlsPath.field("clientKey"), tls.clientKey(), errors);
    }
  }

  private static void address(Path path, String address, Errors errors) {
    if (address.isEmpty()) {
      errors.add(path, "address can't be empty");
      return;
    }
    int colon = address.lastIndexOf(':');
    String host;
    String port;
    if (address.startsWith("[")) {
      int close = address.indexOf(']');
      if (close < 0 || close + 1 >= address.length() || address.charAt(close + 1) != ':') {
        errors.add(path, "unable to parse address: expected host:port");
        return;
      }
      host = address.substring(1, close);
      port = address.substring(close + 2);
      if (!isIpv6(host)) {
        errors.add(path, "address has to be a valid IP address or a domain name");
      }
    } else {
      if (colon < 0 || address.indexOf(':') != colon) {
        errors.add(path, "unable to parse address: expected host:port");
        return;
      }
      host = address.substring(0, colon);
      port = address.substring(colon + 1);
      if (!isIpv4(host) && !isDnsName(host)) {
        errors.add(path, "address has to be a valid IP address or a domain name");
      }
    }
    if (port.isEmpty() || !port.chars().allMatch(Character::isDigit) || port.length() > 10) {
      errors.add(path, "unable to parse port in address");
    } else {
      long value = Long.parseLong(port);
      if (value < 1 || value > 65535) {
        errors.add(path, "port must be in the range [1, 65535]");
      }
    }
  }

  static boolean isIpv4(String host) {
    return IPV4.matcher(host).matches();
  }

  static boolean isDnsName(String host) {
    return !host.isEmpty() && host.length() <= 255 && DNS_NAME.matcher(host).matches();
  }

  /** An IPv6 literal: up to eight hex groups, at most one {@code ::}, optional IPv4 tail. */
  static boolean isIpv6(String host) {
    if (host.isEmpty() || host.indexOf("::") != host.lastIndexOf("::")) {
      return host.equals("::");
    }
    boolean compressed = host.contains("::");
    String[] halves = host.split("::", -1);
    int groups = 0;
    for (int h = 0; h < halves.length; h++) {
      if (halves[h].isEmpty()) {
        continue;
      }
      String[] parts = halves[h].split(":", -1);
      for (int i = 0; i < parts.length; i++) {
        boolean last = h == halves.length - 1 && i == parts.length - 1;
        if (last && parts[i].contains(".")) {
          if (!isIpv4(parts[i])) {
            return false;
          }
          groups += 2;
        } else if (HEX_GROUP.matcher(parts[i]).matches()) {
          groups++;
        } else {
          return false;
        }
      }
    }
    return compressed ? groups < 8 : groups == 8;
  }
}
