package io.portico.cp.k8s.gateway;

import io.portico.format.GoDurations;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The proxy knobs a MeshGatewayInstance's annotations set on its container (spec/kubernetes.md
 * §4.5), read as Kuma 2.0.8's {@code metadata.Annotations} getters read them. A present but
 * unreadable value is an error, which fails the Deployment step as in Kuma.
 *
 * @param concurrency {@code kuma.io/sidecar-proxy-concurrency}, an unsigned 32-bit integer; null
 *     when absent
 * @param adminPort {@code kuma.io/envoy-admin-port}; 0 when absent or 0 (then the configured port)
 * @param drainTime {@code kuma.io/sidecar-drain-time}, a Go duration; null when absent
 * @param logLevel {@code kuma.io/envoy-log-level}, any text; null when absent
 * @param envVars {@code kuma.io/sidecar-env-vars} ({@code K1=V1;K2=V2}); empty when absent
 */
record ProxyAnnotations(
    Long concurrency,
    int adminPort,
    Duration drainTime,
    String logLevel,
    Map<String, String> envVars) {
  static final String CONCURRENCY = "kuma.io/sidecar-proxy-concurrency";
  static final String ADMIN_PORT = "kuma.io/envoy-admin-port";
  static final String DRAIN_TIME = "kuma.io/sidecar-drain-time";
  static final String LOG_LEVEL = "kuma.io/envoy-log-level";
  static final String ENV_VARS = "kuma.io/sidecar-env-vars";

  private static final BigInteger MAX_UINT32 = BigInteger.valueOf(0xFFFF_FFFFL);

  ProxyAnnotations {
    envVars = Map.copyOf(envVars);
  }

  /**
   * Reads the knobs.
   *
   * @throws io.portico.mesh.api.validation.ValidationException naming every unreadable annotation
   *     ({@code metadata.annotations["<key>"]: ...})
   */
  static ProxyAnnotations read(Map<String, String> annotations) {
    Errors errors = new Errors();
    Long concurrency = null;
    if (annotations.containsKey(CONCURRENCY)) {
      concurrency = uint32(annotations.get(CONCURRENCY), CONCURRENCY, errors);
    }
    int adminPort = 0;
    if (annotations.containsKey(ADMIN_PORT)) {
      Long port = uint32(annotations.get(ADMIN_PORT), ADMIN_PORT, errors);
      if (port != null && port > 65535) {
        errors.add(at(ADMIN_PORT), "must be a port in [1, 65535], got " + port);
      } else if (port != null) {
        adminPort = port.intValue();
      }
    }
    Duration drainTime = null;
    if (annotations.containsKey(DRAIN_TIME)) {
      String text = annotations.get(DRAIN_TIME);
      try {
        drainTime = GoDurations.parse(text);
      } catch (IllegalArgumentException e) {
        errors.add(at(DRAIN_TIME), "must be a duration such as 30s or 1m, got \"" + text + "\"");
      }
    }
    String logLevel = annotations.get(LOG_LEVEL);
    Map<String, String> envVars = new LinkedHashMap<>();
    if (annotations.containsKey(ENV_VARS)) {
      for (String pair : annotations.get(ENV_VARS).split(";", -1)) {
        String[] kv = pair.split("=", -1);
        if (kv.length != 2) {
          errors.add(
              at(ENV_VARS),
              "invalid format. Map in \""
                  + ENV_VARS
                  + "\" has to be provided in the following format: key1=value1;key2=value2");
          break;
        }
        envVars.put(kv[0], kv[1]);
      }
    }
    errors.throwIfAny();
    return new ProxyAnnotations(concurrency, adminPort, drainTime, logLevel, envVars);
  }

  /** Go's {@code strconv.ParseUint(text, 10, 32)}: ASCII digits only, no sign, at most 2^32-1. */
  private static Long uint32(String text, String key, Errors errors) {
    boolean digits = !text.isEmpty();
    for (int i = 0; digits && i < text.length(); i++) {
      digits = text.charAt(i) >= '0' && text.charAt(i) <= '9';
    }
    if (digits && new BigInteger(text).compareTo(MAX_UINT32) <= 0) {
      return new BigInteger(text).longValueExact();
    }
    errors.add(at(key), "must be an unsigned 32-bit integer, got \"" + text + "\"");
    return null;
  }

  private static Path at(String key) {
    return Path.of("metadata").field("annotations").key(key);
  }
}
