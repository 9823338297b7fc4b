package io.portico.proxy.run;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Environment variables as defaults of {@code portico-dp run} options: kuma-dp's variables
 * (spec/core.md §6.4) with {@code KUMA_} renamed {@code PORTICO_}. A flag on the command line wins
 * over its variable; the first variable set in a list wins over the later ones (aliases).
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
          Map.entry("--drain-time", List.of("PORTICO_DATAPLANE_DRAIN_TIME")));

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
    for (String variable : VARIABLES.getOrDefault(option.longestName(), List.of())) {
      String value = environment.get(variable);
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
  }
}
