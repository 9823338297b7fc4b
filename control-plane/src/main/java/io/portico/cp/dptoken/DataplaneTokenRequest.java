package io.portico.cp.dptoken;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a new dataplane token should say (the body of {@code POST /tokens/dataplane}).
 *
 * @param name the dataplane name; empty = any
 * @param mesh the mesh; required
 * @param tags tag key → allowed values; empty = any tags
 * @param type dataplane, ingress, egress, or empty
 * @param validFor how long the token is valid; positive
 */
public record DataplaneTokenRequest(
    String name, String mesh, Map<String, List<String>> tags, String type, Duration validFor) {
  /** Kuma's default validity when {@code validFor} is empty: 10 years (87600h). */
  public static final Duration DEFAULT_VALIDITY = Duration.ofHours(87_600);

  public DataplaneTokenRequest {
    name = Objects.requireNonNullElse(name, "");
    Objects.requireNonNull(mesh, "mesh");
    if (mesh.isEmpty()) {
      throw new IllegalArgumentException("mesh must not be empty");
    }
    Map<String, List<String>> copy = new TreeMap<>();
    if (tags != null) {
      tags.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    }
    tags = Map.copyOf(copy);
    type = Objects.requireNonNullElse(type, "");
    Objects.requireNonNull(validFor, "validFor");
    if (validFor.isZero() || validFor.isNegative()) {
      throw new IllegalArgumentException("validFor must be positive but was " + validFor);
    }
  }
}
