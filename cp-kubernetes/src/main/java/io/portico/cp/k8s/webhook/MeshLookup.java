package io.portico.cp.k8s.webhook;

import java.util.Optional;

/**
 * What the webhooks need to know about Meshes, read from the cluster (an informer cache of {@code
 * meshes.kuma.io} and {@code dataplanes.kuma.io}). Thread-safe.
 */
public interface MeshLookup {
  /** The {@code metadata.uid} of Mesh {@code mesh}, empty when it does not exist. */
  Optional<String> meshUid(String mesh);

  /** Whether any Dataplane belongs to {@code mesh} (refuses the Mesh's deletion, §7.4). */
  boolean hasDataplanes(String mesh);

  /**
   * The {@code metadata.uid} of Dataplane {@code name} in {@code namespace}, empty when it does not
   * exist (the owner of a DataplaneInsight, §7.5).
   */
  Optional<String> dataplaneUid(String namespace, String name);
}
