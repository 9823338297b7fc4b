package io.portico.cp.k8s.gateway;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * One step of a reconcile, for the loop to execute in plan order (spec/kubernetes.md §4.3). The
 * objects are fabric8 model objects owned by the plan: send them, do not mutate them.
 *
 * <pre>
 * Create       POST the object                          (Service or Deployment)
 * Patch        PATCH application/merge-patch+json       (Service or Deployment)
 * Delete       DELETE the object                        (Service; Deployment only when the
 *                                                         instance is gone, D4)
 * WriteStatus  PATCH the instance's status subresource  (merge patch; NotFound ⇒ ignore)
 * Fail         stop here, report the message, retry later (Kuma returns the error)
 * </pre>
 */
public sealed interface ReconcileAction {
  /** Create the object in its namespace. */
  record Create(HasMetadata object) implements ReconcileAction {
    public Create {
      Objects.requireNonNull(object, "object");
    }
  }

  /**
   * Patch an existing object with a JSON merge patch (RFC 7386), unconditionally (no
   * resourceVersion, as Kuma's {@code client.MergeFrom}).
   *
   * @param current the object as read
   * @param updated the object as it is expected to be after the patch
   * @param mergePatch the patch from {@code current} to {@code updated}, never {@link
   *     MergePatch#EMPTY}
   */
  record Patch(HasMetadata current, HasMetadata updated, String mergePatch)
      implements ReconcileAction {
    public Patch {
      Objects.requireNonNull(current, "current");
      Objects.requireNonNull(updated, "updated");
      Objects.requireNonNull(mergePatch, "mergePatch");
    }
  }

  /** Delete the object. */
  record Delete(HasMetadata object) implements ReconcileAction {
    public Delete {
      Objects.requireNonNull(object, "object");
    }
  }

  /**
   * Write the instance's status: send {@link InstanceStatus#mergePatch()} to the {@code status}
   * subresource of MeshGatewayInstance {@code namespace/name}; a NotFound answer means the instance
   * is gone and is ignored.
   */
  record WriteStatus(String namespace, String name, InstanceStatus status)
      implements ReconcileAction {
    public WriteStatus {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(status, "status");
    }

    /** The merge patch to send. */
    public String mergePatch() {
      return status.mergePatch();
    }
  }

  /**
   * The reconcile fails here: the actions before this one are applied, the status is not written,
   * the loop reports the message and retries the instance with backoff.
   */
  record Fail(String message) implements ReconcileAction {
    public Fail {
      Objects.requireNonNull(message, "message");
    }
  }
}
