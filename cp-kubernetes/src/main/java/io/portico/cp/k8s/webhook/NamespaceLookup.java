package io.portico.cp.k8s.webhook;

import java.util.Map;
import java.util.Optional;

/** The labels and annotations of Namespaces, for the injector (spec/kubernetes.md §6.2). */
@FunctionalInterface
public interface NamespaceLookup {
  /** Namespace {@code name}, empty when it does not exist. */
  Optional<NamespaceMetadata> namespace(String name);

  /**
   * The parts of a Namespace the injector reads.
   *
   * @param labels its {@code metadata.labels}
   * @param annotations its {@code metadata.annotations}
   */
  record NamespaceMetadata(Map<String, String> labels, Map<String, String> annotations) {
    public NamespaceMetadata {
      labels = Map.copyOf(labels);
      annotations = Map.copyOf(annotations);
    }
  }
}
