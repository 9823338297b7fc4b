package io.portico.cp.k8s.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.cp.k8s.webhook.AdmissionRequest.Operation;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.validation.Path;
import io.portico.mesh.api.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code /validate-v1-secret}: Kuma's Secrets and GlobalSecrets, kept as {@code v1/Secret}s of type
 * {@code system.kuma.io/secret} and {@code system.kuma.io/global-secret} (spec/kubernetes.md §2.5,
 * §7.4, Kuma's {@code webhooks/secret_validator.go}). Other Secrets pass.
 *
 * <ul>
 *   <li>CREATE/UPDATE of a Secret: its mesh label may not change ({@code
 *       metadata.labels["kuma.io/mesh"]}), {@code data.value} may not be empty (invalid 422, both
 *       violations at once). The mesh need not exist, as in Kuma.
 *   <li>CREATE/UPDATE of a GlobalSecret: no mesh label, {@code data.value} not empty.
 *   <li>DELETE of a Secret that an mTLS backend of its mesh uses: invalid 422 at {@code name}, one
 *       violation per backend, unless {@code store.unsafeDelete}. The Secret is read from the
 *       request's {@code oldObject} (Kuma reads it from the API server).
 * </ul>
 */
public final class SecretValidationWebhook implements AdmissionWebhook {
  static final String VALUE = "value";

  private final boolean unsafeDelete;
  private final SecretUsage usage;

  /**
   * @param unsafeDelete {@code store.unsafeDelete}: Secrets may be deleted while in use
   * @param usage which mTLS backends use a Secret
   */
  public SecretValidationWebhook(boolean unsafeDelete, SecretUsage usage) {
    this.unsafeDelete = unsafeDelete;
    this.usage = Objects.requireNonNull(usage, "usage");
  }

  @Override
  public Verdict review(AdmissionRequest request) {
    return switch (request.operation()) {
      case DELETE -> reviewDelete(request);
      case CREATE, UPDATE -> reviewWrite(request);
      case CONNECT -> Verdict.ALLOWED;
    };
  }

  private Verdict reviewWrite(AdmissionRequest request) {
    if (!request.hasObject()) {
      return new Verdict.Errored(400, "there is no content to decode");
    }
    JsonNode secret = request.object();
    String type = secret.path("type").asText("");
    List<Violation> violations = new ArrayList<>();
    if (KubernetesKinds.SECRET_TYPE.equals(type)) {
      if (request.operation() == Operation.UPDATE
          && request.hasOldObject()
          && !meshOf(secret).equals(meshOf(request.oldObject()))) {
        violations.add(
            new Violation(
                meshLabel(),
                "cannot change mesh of the Secret. Delete the Secret first and apply it again."));
      }
      checkValue(secret, violations);
    } else if (KubernetesKinds.GLOBAL_SECRET_TYPE.equals(type)) {
      if (secret.path("metadata").path("labels").has(KubernetesKinds.MESH_KEY)) {
        violations.add(new Violation(meshLabel(), "mesh cannot be set on global secret"));
      }
      checkValue(secret, violations);
    }
    if (violations.isEmpty()) {
      return Verdict.ALLOWED;
    }
    return new Verdict.Invalid(name(secret), secret.path("kind").asText("Secret"), violations);
  }

  private Verdict reviewDelete(AdmissionRequest request) {
    if (unsafeDelete || !request.hasOldObject()) {
      return Verdict.ALLOWED;
    }
    JsonNode secret = request.oldObject();
    if (!KubernetesKinds.SECRET_TYPE.equals(secret.path("type").asText(""))) {
      return Verdict.ALLOWED;
    }
    String name = request.name().isEmpty() ? name(secret) : request.name();
    String mesh = meshOf(secret);
    List<Violation> violations = new ArrayList<>();
    for (String backend : usage.mtlsBackendsUsing(mesh, name)) {
      violations.add(
          new Violation(
              "name",
              "The secret \""
                  + name
                  + "\" that you are trying to remove is currently in use in Mesh \""
                  + mesh
                  + "\" in mTLS backend \""
                  + backend
                  + "\". Please remove the reference from the \""
                  + backend
                  + "\" backend before removing the secret."));
    }
    return violations.isEmpty() ? Verdict.ALLOWED : new Verdict.Invalid(name, "", violations);
  }

  private static void checkValue(JsonNode secret, List<Violation> violations) {
    if (secret.path("data").path(VALUE).asText("").isEmpty()) {
      violations.add(new Violation("data.value", "cannot be empty."));
    }
  }

  /** The label {@code kuma.io/mesh}, {@code default} when absent or empty. */
  private static String meshOf(JsonNode secret) {
    String mesh = secret.path("metadata").path("labels").path(KubernetesKinds.MESH_KEY).asText("");
    return mesh.isEmpty() ? "default" : mesh;
  }

  private static String meshLabel() {
    return Path.of("metadata").field("labels").key(KubernetesKinds.MESH_KEY).value();
  }

  private static String name(JsonNode secret) {
    return secret.path("metadata").path("name").asText("");
  }
}
