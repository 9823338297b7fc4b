package io.portico.proxy.config;

import java.util.Objects;

/**
 * Where a listener accepts connections. Two listeners with the same bind address share one socket
 * across config updates. Port 0 asks the system for a free port (tests); such a listener is told
 * apart by its name.
 */
public record BindAddress(String host, int port, String ephemeralName) {
  public BindAddress {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(ephemeralName, "ephemeralName");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
    }
    if (port != 0) {
      ephemeralName = "";
    }
  }

  public static BindAddress of(String host, int port, String listenerName) {
    return new BindAddress(host, port, port == 0 ? listenerName : "");
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
