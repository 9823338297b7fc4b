package io.portico.cp.k8s.webhook;

import io.portico.cp.k8s.KubernetesSettings;
import io.portico.mesh.api.codec.ResourceCodec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The webhooks by path (spec/kubernetes.md §7.1): what the admission server routes to. Immutable;
 * the webhooks are shared by all requests.
 *
 * <pre>
 * POST /validate-kuma-io-v1alpha1          → {@link ResourceValidationWebhook}
 * POST /validate-v1-service                → {@link ServiceValidationWebhook}
 * POST /validate-v1-secret                 → {@link SecretValidationWebhook}
 * POST /owner-reference-kuma-io-v1alpha1   → {@link OwnerReferenceWebhook}
 * POST /default-kuma-io-v1alpha1-mesh      → {@link DefaultingWebhook}
 * POST /inject-sidecar                     → {@link SidecarInjectionWebhook}
 * </pre>
 *
 * Each path answers {@code AdmissionReview.answer(webhook(path), body)} with HTTP 200 and {@code
 * Content-Type: application/json}.
 */
public final class AdmissionWebhooks {
  public static final String VALIDATE_KUMA = "/validate-kuma-io-v1alpha1";
  public static final String VALIDATE_SERVICE = "/validate-v1-service";
  public static final String VALIDATE_SECRET = "/validate-v1-secret";
  public static final String OWNER_REFERENCE = "/owner-reference-kuma-io-v1alpha1";
  public static final String DEFAULT_MESH = "/default-kuma-io-v1alpha1-mesh";
  public static final String INJECT_SIDECAR = "/inject-sidecar";

  private final Map<String, AdmissionWebhook> byPath;

  /**
   * @param settings the Kubernetes settings
   * @param mode this control plane's mode
   * @param unsafeDelete {@code store.unsafeDelete}
   * @param virtualProbesEnabled {@code runtime.kubernetes.injector.virtualProbesEnabled}
   * @param codec binds specs
   * @param lookups what the webhooks read from the store and the cluster
   */
  public AdmissionWebhooks(
      KubernetesSettings settings,
      ControlPlaneMode mode,
      boolean unsafeDelete,
      boolean virtualProbesEnabled,
      ResourceCodec codec,
      Lookups lookups) {
    Map<String, AdmissionWebhook> paths = new LinkedHashMap<>();
    paths.put(
        VALIDATE_KUMA,
        new ResourceValidationWebhook(
            settings, mode, unsafeDelete, codec, lookups.validation(), lookups.meshes()));
    paths.put(VALIDATE_SERVICE, new ServiceValidationWebhook());
    paths.put(VALIDATE_SECRET, new SecretValidationWebhook(unsafeDelete, lookups.secrets()));
    paths.put(OWNER_REFERENCE, new OwnerReferenceWebhook(codec, lookups.meshes()));
    paths.put(DEFAULT_MESH, new DefaultingWebhook());
    paths.put(
        INJECT_SIDECAR,
        new SidecarInjectionWebhook(
            settings, virtualProbesEnabled, lookups.namespaces(), lookups.meshes()));
    this.byPath = Map.copyOf(paths);
  }

  /** The webhook serving {@code path}, if any. */
  public Optional<AdmissionWebhook> webhook(String path) {
    return Optional.ofNullable(byPath.get(path));
  }

  /** Every path served. */
  public Map<String, AdmissionWebhook> byPath() {
    return byPath;
  }

  /**
   * What the webhooks read, each implemented by the wiring.
   *
   * @param validation the Universal validation ({@code ResourceManager::validate})
   * @param meshes Meshes, their uids and Dataplanes
   * @param namespaces Namespace labels and annotations
   * @param secrets which mTLS backends use a Secret
   */
  public record Lookups(
      ResourceValidation validation,
      MeshLookup meshes,
      NamespaceLookup namespaces,
      SecretUsage secrets) {
    public Lookups {
      Objects.requireNonNull(validation, "validation");
      Objects.requireNonNull(meshes, "meshes");
      Objects.requireNonNull(namespaces, "namespaces");
      Objects.requireNonNull(secrets, "secrets");
    }
  }
}
