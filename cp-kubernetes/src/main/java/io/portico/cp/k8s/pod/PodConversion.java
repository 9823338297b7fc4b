package io.portico.cp.k8s.pod;

import io.portico.mesh.api.dataplane.DataplaneSpec;
import java.util.Objects;

/**
 * What the pod controller does for one pod (spec/kubernetes.md §5.1): write a Dataplane, leave
 * things alone, delete the pod's Dataplane, or report a failure. Values, compared by content.
 */
public sealed interface PodConversion {

  /**
   * Create or update (full spec replacement) the Dataplane {@code <name>.<namespace>}, owned by the
   * pod (spec/kubernetes.md §5.2); the controller then emits {@code CreatedKumaDataplane} or {@code
   * UpdatedKumaDataplane}.
   *
   * @param name the Kubernetes name of the Dataplane object: the pod's name
   * @param namespace the Kubernetes namespace of the Dataplane object: the pod's namespace
   * @param mesh the mesh (the object's top-level {@code mesh} field)
   * @param spec the Dataplane spec
   */
  record Dataplane(String name, String namespace, String mesh, DataplaneSpec spec)
      implements PodConversion {
    public Dataplane {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(mesh, "mesh");
      Objects.requireNonNull(spec, "spec");
    }

    /** The Kuma name of the Dataplane: {@code <pod>.<namespace>} (spec/kubernetes.md §2.3). */
    public String kumaName() {
      return name + "." + namespace;
    }
  }

  /**
   * The pod is none of the control plane's business (no injection, no builtin gateway, or a zone
   * ingress/egress, which Portico does not run): an existing Dataplane of that name is not touched.
   */
  record NotManaged() implements PodConversion {}

  /**
   * Delete the pod's Dataplane if it exists: an injected pod that has {@code Succeeded} (a finished
   * Job) or has no IP, or a builtin gateway pod without an IP.
   *
   * @param reason why, for the log
   */
  record Delete(String reason) implements PodConversion {
    public Delete {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * No Dataplane can be generated; an existing one is left as it is. The controller emits the
   * Warning event {@code FailedToGenerateKumaDataplane} with the text {@code Failed to generate
   * Kuma Dataplane: <message>} (spec/kubernetes.md §5.2) and retries on the next change.
   *
   * @param message Kuma's error text, e.g. {@code annotation "kuma.io/sidecar-injected" has wrong
   *     value "yes"}
   */
  record Failure(String message) implements PodConversion {
    public Failure {
      Objects.requireNonNull(message, "message");
    }
  }
}
