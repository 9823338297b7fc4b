package io.portico.proxy.run;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Environment variables as defaults of {@code portico-dp run} options: kuma-dp's variables
 * (spec/core.md §6.4) with {@code KUMA_} renamed {@code PORTICO_}, and kuma-dp's own {@code KUMA_}
 * names too, so that pods and scripts written for kuma-dp run unchanged (spec/kubernetes.md D2). A
 * flag on the command line wins over its variable; the first variable set in a list wins over the
 * later ones (aliases), and every {@code PORTICO_} name over every {@code KUMA_} one.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
  /** Option (longest name) → environment variables, primary first. */
  static final Map<String, List<String>> VARIABLES =
      Map.ofEntries(
          Map.entry("--cp-address", List.of("PORTICO_CONTROL_PLANE_URL")),
          Map.entry("--ca-cert-file", List.of("PORTICO_CONTROL_PLANE_CA_CERT_FILE")),
          Map.entry("--dataplane-file", List.of("PORTICO_DATAPLANE_RUNTIME_RESOURCE_PATH")),
          Map.entry("--dataplane", List.of("PORTICO_DATAPLANE_RUNTIME_RESOURCE")),
          Map.entry(
              "--dataplane-token-file",
              List.of("PORTICO_DATAPLANE_RUNTIME_TOKEN_PATH", "PORTICO_DATAPLANE_TOKEN_PATH")),
          Map.entry(
              "--dataplane-token",
              List.of("PORTICO_DATAPLANE_RUNTIME_TOKEN", "PORTICO_DATAPLANE_TOKEN")),
          Map.entry("--name", List.of("PORTICO_DATAPLANE_NAME")),
          Map.entry("--mesh", List.of("PORTICO_DATAPLANE_MESH")),
          Map.entry("--proxy-type", List.of("PORTICO_DATAPLANE_PROXY_TYPE")),
          Map.entry("--dns-enabled", List.of("PORTICO_DNS_ENABLED")),
          Map.entry("--drain-time", List.of("PORTICO_DATAPLANE_DRAIN_TIME")),
          Map.entry("--concurrency", List.of("PORTICO_DATAPLANE_RUNTIME_CONCURRENCY")),
          Map.entry("--transport", List.of("PORTICO_DATAPLANE_RUNTIME_TRANSPORT")),
          Map.entry("--log-level", List.of("PORTICO_LOG_LEVEL")),
          Map.entry("--envoy-log-level", List.of("PORTICO_DATAPLANE_RUNTIME_ENVOY_LOG_LEVEL")));

  private static final String PORTICO = "PORTICO_";
  private static final String KUMA = "KUMA_";

  /** The CA certificate itself (PEM), used when no CA file is given. */
  static final String CA_CERT_VARIABLE = "PORTICO_CONTROL_PLANE_CA_CERT";

  private final Map<String, String> environment;

  EnvironmentDefaults(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option)) {
      return null;
    }
    List<String> names = VARIABLES.getOrDefault(option.longestName(), List.of());
    for (String prefix : List.of(PORTICO, KUMA)) {
      for (String variable : names) {
        String value = environment.get(prefix + variable.substring(PORTICO.length()));
        if (value != null && !value.isEmpty()) {
          return value;
        }
      }
    }
    return null;
  }

  /**
   * The value of {@code variable} (a {@code PORTICO_} name), else of its {@code KUMA_} name; null
   * when neither is set or both are empty.
   */
  static String get(Map<String, String> environment, String variable) {
    String value = environment.get(variable);
    if (value == null || value.isEmpty()) {
      value = environment.get(KUMA + variable.substring(PORTICO.length()));
    }
    return value == null || value.isEmpty() ? null : value;
  }
}
