package io.portico.proxy.config;

import io.portico.proxy.api.v1.MetricsAggregate;
import io.portico.proxy.api.v1.MetricsEndpoint;
import io.portico.proxy.api.v1.ProxyConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Validates and compiles the config's {@code metrics} endpoint. */
final class MetricsEndpointCompiler {
  private MetricsEndpointCompiler() {}

  /**
   * The metrics endpoint of {@code config}; {@code null} when it has none or it is invalid (then
   * {@code errors} says why).
   *
   * @param admin the admin address of the config, {@code null} when it names none
   * @param listeners the listener of each bind address, by name
   */
  static MetricsEndpointConfig compile(
      ProxyConfig config,
      BindAddress admin,
      Map<BindAddress, String> listeners,
      List<String> errors) {
    if (!config.hasMetrics()) {
      return null;
    }
    MetricsEndpoint metrics = config.getMetrics();
    int before = errors.size();
    String address = metrics.getAddress().isEmpty() ? "0.0.0.0" : metrics.getAddress();
    RuntimeConfigCompiler.checkIpAddress("metrics.address", address, errors);
    RuntimeConfigCompiler.checkPort("metrics.port", metrics.getPort(), true, errors);
    if (!metrics.getPath().startsWith("/")) {
      errors.add("metrics.path: must start with \"/\", got \"" + metrics.getPath() + "\"");
    }
    List<MetricsEndpointConfig.Aggregate> aggregate = new ArrayList<>();
    for (int i = 0; i < metrics.getAggregateCount(); i++) {
      MetricsAggregate app = metrics.getAggregate(i);
      String field = "metrics.aggregate[" + i + "]";
      int errorsBefore = errors.size();
      if (app.getName().isEmpty()) {
        errors.add(field + ".name: must not be empty");
      }
      RuntimeConfigCompiler.checkIpAddress(field + ".address", app.getAddress(), errors);
      RuntimeConfigCompiler.checkPort(field + ".port", app.getPort(), false, errors);
      if (!app.getPath().startsWith("/")) {
        errors.add(field + ".path: must start with \"/\", got \"" + app.getPath() + "\"");
      }
      if (errors.size() == errorsBefore) {
        String host =
            app.getAddress().indexOf(':') >= 0 ? "[" + app.getAddress() + "]" : app.getAddress();
        try {
          aggregate.add(
              new MetricsEndpointConfig.Aggregate(
                  app.getName(), new URI("http://" + host + ":" + app.getPort() + app.getPath())));
        } catch (URISyntaxException e) {
          errors.add(field + ".path: not a URI path: " + e.getMessage());
        }
      }
    }
    if (errors.size() > before) {
      return null;
    }
    BindAddress bind = BindAddress.of(address, metrics.getPort(), "metrics");
    if (bind.port() != 0) {
      for (Map.Entry<BindAddress, String> listener : listeners.entrySet()) {
        if (overlaps(bind, listener.getKey())) {
          errors.add(
              "metrics.port: "
                  + bind
                  + " is also the address of listener \""
                  + listener.getValue()
                  + "\"");
        }
      }
      if (admin != null && overlaps(bind, admin)) {
        errors.add("metrics.port: " + bind + " is also the admin address");
      }
    }
    return new MetricsEndpointConfig(bind, metrics.getPath(), aggregate);
  }

  /** Whether two sockets would claim the same port: same port, and same or wildcard host. */
  private static boolean overlaps(BindAddress a, BindAddress b) {
    return a.port() == b.port()
        && (a.host().equals(b.host()) || isWildcard(a.host()) || isWildcard(b.host()));
  }

  private static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }
}
