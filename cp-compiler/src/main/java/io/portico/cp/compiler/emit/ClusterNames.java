package io.portico.cp.compiler.emit;

import io.portico.cp.compiler.plan.ClusterPlan;
import io.portico.mesh.api.Resource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Names of clusters: a fixed name when the plan has one (local inbound clusters); otherwise {@code
 * <service>-<8 hex digits of the SHA-256 of the destination tags>}, stable across configs. When one
 * destination needs several clusters in one config (another protocol, other policies), each gets a
 * further {@code -<8 hex digits>} of what sets it apart (kind, protocol, winning policy names);
 * should two still collide, the later ones in first-use order get {@code -2}, {@code -3}... (equal
 * destinations have equal endpoints, so this does not happen in practice).
 */
final class ClusterNames {
  private static final int HASH_LENGTH = 8;

  private ClusterNames() {}

  /** A unique name for each distinct cluster. */
  static Map<ClusterPlan, String> assign(Collection<ClusterPlan> clusters) {
    Map<String, List<ClusterPlan>> byBase = new TreeMap<>();
    Map<ClusterPlan, String> names = new LinkedHashMap<>();
    for (ClusterPlan cluster : clusters) {
      if (!cluster.name().isEmpty()) {
        names.put(cluster, cluster.name());
      } else {
        List<ClusterPlan> sharing = byBase.computeIfAbsent(base(cluster), b -> new ArrayList<>());
        if (!sharing.contains(cluster)) {
          sharing.add(cluster);
        }
      }
    }
    byBase.forEach(
        (base, sharing) -> {
          if (sharing.size() == 1) {
            names.put(sharing.get(0), base);
            return;
          }
          Map<String, Integer> used = new HashMap<>();
          for (ClusterPlan cluster : sharing) {
            String variant = base + "-" + hash(variant(cluster));
            int n = used.merge(variant, 1, Integer::sum);
            names.put(cluster, n == 1 ? variant : variant + "-" + n);
          }
        });
    return names;
  }

  /** {@code <service>-<hash of the sorted destination tags>}. */
  static String base(ClusterPlan cluster) {
    StringBuilder tags = new StringBuilder();
    cluster.destination().forEach((k, v) -> tags.append(k).append('=').append(v).append('\n'));
    return cluster.service() + "-" + hash(tags.toString());
  }

  private static String variant(ClusterPlan cluster) {
    return cluster.kind()
        + "|"
        + cluster.protocol()
        + "|"
        + name(cluster.policies().timeout())
        + "|"
        + name(cluster.policies().circuitBreaker())
        + "|"
        + name(cluster.policies().healthCheck());
  }

  private static String name(Resource<?> policy) {
    return policy == null ? "" : policy.name();
  }

  private static String hash(String text) {
    return ConfigVersion.sha256Hex(text.getBytes(StandardCharsets.UTF_8), HASH_LENGTH);
  }
}
