package io.portico.cp.dptoken;

import io.portico.mesh.api.dataplane.DataplaneSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * What a verified dataplane token says (spec/core.md §6.1).
 *
 * @param name the dataplane it is for; empty = any name
 * @param mesh the mesh it is for; empty = any mesh
 * @param tags for each key, the values the dataplane may have; empty = any tags
 * @param type dataplane, ingress or egress; empty = unspecified (not compared, as in Kuma 2.0)
 * @param id the token's {@code jti}, for revocation
 */
public record DataplaneTokenClaims(
    String name, String mesh, Map<String, List<String>> tags, String type, String id) {
  public DataplaneTokenClaims {
    name = Objects.requireNonNullElse(name, "");
    mesh = Objects.requireNonNullElse(mesh, "");
    Map<String, List<String>> copy = new TreeMap<>();
    if (tags != null) {
      tags.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    }
    tags = Map.copyOf(copy);
    type = Objects.requireNonNullElse(type, "");
    id = Objects.requireNonNullElse(id, "");
  }

  /**
   * Why this token does not allow a proxy to be the dataplane {@code mesh/name} with this spec, or
   * empty when it does (kumahq/kuma:pkg/xds/auth/universal/authenticator.go): a Name claim must
   * equal the dataplane's name, a Mesh claim its mesh, and for every tag key of the token the
   * dataplane must have that tag with only values that the token lists.
   */
  public Optional<String> denial(String dataplaneMesh, String dataplaneName, DataplaneSpec spec) {
    if (!name.isEmpty() && !name.equals(dataplaneName)) {
      return Optional.of("token is for dataplane " + name + " but the proxy is " + dataplaneName);
    }
    if (!mesh.isEmpty() && !mesh.equals(dataplaneMesh)) {
      return Optional.of(
          "token is for mesh " + mesh + " but the dataplane is in mesh " + dataplaneMesh);
    }
    Map<String, SortedSet<String>> actual = DataplaneTags.of(spec);
    for (Map.Entry<String, List<String>> allowed : new TreeMap<>(tags).entrySet()) {
      SortedSet<String> values = actual.get(allowed.getKey());
      if (values == null || values.isEmpty()) {
        return Optional.of(
            "token requires tag "
                + allowed.getKey()
                + " ("
                + String.join(",", allowed.getValue())
                + ") but the dataplane has no such tag");
      }
      for (String value : values) {
        if (!allowed.getValue().contains(value)) {
          return Optional.of(
              "token allows "
                  + allowed.getKey()
                  + "="
                  + String.join(",", allowed.getValue())
                  + " but the dataplane has "
                  + allowed.getKey()
                  + "="
                  + String.join(",", values));
        }
      }
    }
    return Optional.empty();
  }
}
