package io.portico.cp.k8s.webhook;

import io.portico.mesh.api.validation.Violation;
import java.util.List;
import java.util.Objects;

/**
 * What a webhook answers: one of controller-runtime 0.14's response helpers (spec/kubernetes.md
 * §7.2), each written by {@link AdmissionReview} in its exact JSON shape.
 */
public sealed interface Verdict {
  /** {@code allowed: true, status.code: 200}. */
  Verdict ALLOWED = new Allowed();

  /** Whether the request may go on. */
  default boolean isAllowed() {
    return this instanceof Allowed || this instanceof Patched;
  }

  /** The patch as a verdict; a plain {@link #ALLOWED} when there is nothing to change. */
  static Verdict patch(JsonPatch patch) {
    return patch.isEmpty() ? ALLOWED : new Patched(patch);
  }

  /** Allowed as is. */
  record Allowed() implements Verdict {}

  /** Allowed with a JSON Patch ({@code patchType: JSONPatch}, {@code patch}: base64). */
  record Patched(JsonPatch patch) implements Verdict {
    public Patched {
      Objects.requireNonNull(patch, "patch");
      if (patch.isEmpty()) {
        throw new IllegalArgumentException("an empty patch is an Allowed verdict");
      }
    }
  }

  /**
   * Kuma violations: {@code 422 Invalid}, the message {@code "<f1>: <m1>; <f2>: <m2>"} and one
   * {@code FieldValueInvalid} cause per violation.
   *
   * @param name the object's name for {@code details.name}; empty to leave it out
   * @param kind the object's kind for {@code details.kind}; empty to leave it out
   * @param violations at least one
   */
  record Invalid(String name, String kind, List<Violation> violations) implements Verdict {
    public Invalid {
      name = name == null ? "" : name;
      kind = kind == null ? "" : kind;
      violations = List.copyOf(violations);
      if (violations.isEmpty()) {
        throw new IllegalArgumentException("an Invalid verdict needs at least one violation");
      }
    }
  }

  /**
   * {@code 403} with the text in {@code status.reason} (Kuma) and in {@code status.message}
   * (Portico D9).
   */
  record Denied(String reason) implements Verdict {
    public Denied {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** An error: {@code status.code} and {@code status.message}. */
  record Errored(int code, String message) implements Verdict {
    public Errored {
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * The sync protection's refusal (§7.3 step 2): {@code 403 Forbidden} with the cause Kuma gives,
   * {@code metadata.annotations[kuma.io/synced]: cannot be empty}.
   */
  record Forbidden(String message) implements Verdict {
    public Forbidden {
      Objects.requireNonNull(message, "message");
    }
  }
}
