package io.portico.cp.ca;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.mesh.api.mesh.KumaDurations;
import java.time.Duration;

/**
 * The {@code conf} of a {@code builtin} CA backend (spec/core.md §1.2): {@code caCert.RSAbits}
 * (default 2048) and {@code caCert.expiration} (a Kuma duration, default 10 years of 365 days).
 *
 * @param rsaBits the size of the CA's RSA key
 * @param expiration the lifetime of the CA certificate
 */
public record BuiltinCaConf(int rsaBits, Duration expiration) {
  public static final int DEFAULT_RSA_BITS = 2048;
  public static final Duration DEFAULT_EXPIRATION = Duration.ofDays(10 * 365);

  public BuiltinCaConf {
    if (rsaBits < 1024) {
      throw new IllegalArgumentException("caCert.RSAbits " + rsaBits + ": expected at least 1024");
    }
    if (expiration.isNegative() || expiration.isZero()) {
      throw new IllegalArgumentException(
          "caCert.expiration " + expiration + ": expected a positive duration");
    }
  }

  /**
   * The settings of a backend's {@code conf} (null or absent fields mean the defaults; a zero
   * expiration too). The Mesh validator has checked the values.
   *
   * @throws IllegalArgumentException naming the value when it is out of range
   */
  public static BuiltinCaConf of(JsonNode conf) {
    JsonNode caCert = conf == null ? null : conf.path("caCert");
    int bits = DEFAULT_RSA_BITS;
    Duration expiration = DEFAULT_EXPIRATION;
    if (caCert != null && caCert.isObject()) {
      JsonNode bitsNode = caCert.path("RSAbits");
      if (bitsNode.canConvertToInt() && bitsNode.asInt() != 0) {
        bits = bitsNode.asInt();
      }
      String text = caCert.path("expiration").asText("");
      if (!text.isEmpty()) {
        Duration parsed = KumaDurations.parse(text);
        if (!parsed.isZero()) {
          expiration = parsed;
        }
      }
    }
    return new BuiltinCaConf(bits, expiration);
  }
}
