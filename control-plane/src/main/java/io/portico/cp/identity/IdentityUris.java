package io.portico.cp.identity;

import io.portico.mesh.api.dataplane.DataplaneSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The URI SANs of a dataplane's certificate, in Kuma's order (spec/core.md §1.2, Kuma's {@code
 * pkg/core/ca/issuer/issuer.go} over {@code Dataplane.TagSet()}):
 *
 * <ol>
 *   <li>{@code spiffe://<mesh>/<service>} for each distinct {@code kuma.io/service} value of the
 *       inbounds and the gateway tags, values sorted;
 *   <li>{@code kuma://<tag>/<value>} for every tag of the inbounds and the gateway (including
 *       {@code kuma.io/service}), tag names sorted, then each tag's distinct values sorted.
 * </ol>
 *
 * Pure.
 */
public final class IdentityUris {
  public static final String SERVICE_TAG = "kuma.io/service";

  private IdentityUris() {}

  /** The URIs of a dataplane of {@code mesh}. */
  public static List<String> of(String mesh, DataplaneSpec dataplane) {
    SortedMap<String, SortedSet<String>> tags = tags(dataplane);
    List<String> uris = new ArrayList<>();
    for (String service : tags.getOrDefault(SERVICE_TAG, new TreeSet<>())) {
      uris.add("spiffe://" + mesh + "/" + service);
    }
    tags.forEach(
        (name, values) -> {
          for (String value : values) {
            uris.add("kuma://" + name + "/" + value);
          }
        });
    return List.copyOf(uris);
  }

  /** Every tag of the inbounds and the gateway, with all their values (Kuma's {@code TagSet}). */
  static SortedMap<String, SortedSet<String>> tags(DataplaneSpec dataplane) {
    SortedMap<String, SortedSet<String>> tags = new TreeMap<>();
    DataplaneSpec.Networking networking = dataplane.networking();
    if (networking == null) {
      return tags;
    }
    for (DataplaneSpec.Inbound inbound : networking.inbound()) {
      if (inbound != null) {
        add(inbound.tags(), tags);
      }
    }
    if (networking.gateway() != null) {
      add(networking.gateway().tags(), tags);
    }
    return tags;
  }

  private static void add(Map<String, String> from, SortedMap<String, SortedSet<String>> into) {
    from.forEach((k, v) -> into.computeIfAbsent(k, key -> new TreeSet<>()).add(v));
  }
}
