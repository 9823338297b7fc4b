package io.portico.proxy.stream;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the control plane's DP server listens, from {@code --cp-address} (spec/core.md §6.4: {@code
 * https://host[:port][/]}, default port 5678). The host is also the name the server's certificate
 * must carry.
 */
public record ControlPlaneAddress(String host, int port) {
  /** The DP server's default port (DESIGN.md, Programs). */
  public static final int DEFAULT_PORT = 5678;

  public ControlPlaneAddress {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("control plane host is empty: expected a name or an IP");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "control plane port " + port + ": expected a port in [1, 65535]");
    }
  }

  /**
   * Parses a {@code --cp-address} value such as {@code https://localhost:5678/}.
   *
   * @throws IllegalArgumentException naming the value and the expected form
   */
  public static ControlPlaneAddress parse(String text) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "--cp-address \"" + text + "\" is not a URL: expected https://host[:port]", e);
    }
    String scheme = uri.getScheme();
    if (scheme == null || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "--cp-address \"" + text + "\": expected https://host[:port]");
    }
    if (!scheme.toLowerCase(Locale.ROOT).equals("https")) {
      throw new IllegalArgumentException(
          "--cp-address \""
              + text
              + "\": the scheme must be https (the DP server speaks gRPC over TLS), got "
              + scheme);
    }
    String path = uri.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/"))
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "--cp-address \"" + text + "\": expected https://host[:port] with no path or query");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw new IllegalArgumentException(
          "--cp-address \"" + text + "\": expected https://host[:port] with a port in [1, 65535]");
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new ControlPlaneAddress(host, uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort());
  }

  @Override
  public String toString() {
    return "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
