package io.portico.cp.dptoken;

import io.portico.mesh.api.dataplane.DataplaneSpec;
import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tags a dataplane carries: those of every inbound and of its gateway, each key with the set of
 * its values (Kuma's {@code Dataplane.TagSet()}); outbound tags name destinations and are left out.
 */
public final class DataplaneTags {
  private DataplaneTags() {}

  /** Tag key → its values, keys and values sorted. */
  public static Map<String, SortedSet<String>> of(DataplaneSpec spec) {
    Map<String, SortedSet<String>> out = new TreeMap<>();
    if (spec.networking() == null) {
      return out;
    }
    for (DataplaneSpec.Inbound inbound : spec.networking().inbound()) {
      if (inbound != null) {
        inbound.tags().forEach((k, v) -> out.computeIfAbsent(k, x -> new TreeSet<>()).add(v));
      }
    }
    if (spec.networking().gateway() != null) {
      spec.networking()
          .gateway()
          .tags()
          .forEach((k, v) -> out.computeIfAbsent(k, x -> new TreeSet<>()).add(v));
    }
    return Collections.unmodifiableMap(out);
  }
}
