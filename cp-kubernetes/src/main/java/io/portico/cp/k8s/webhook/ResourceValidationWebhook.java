package io.portico.cp.k8s.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.cp.k8s.KubernetesSettings;
import io.portico.cp.k8s.webhook.AdmissionRequest.Operation;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.gateway.MeshGatewayInstanceSpec;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.types.KubernetesKinds.KubernetesKind;
import io.portico.mesh.api.types.KubernetesKinds.MeshPlacement;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.ValidationException;
import io.portico.mesh.api.validation.Violation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code /validate-kuma-io-v1alpha1}: validates writes of {@code kuma.io} custom resources
 * (spec/kubernetes.md §7.3–§7.4).
 *
 * <p>A composite, as Kuma's: each check that applies runs in this order and the first refusal is
 * the answer.
 *
 * <ol>
 *   <li>Kuma resources (§7.3): kinds that are not Kuma resources pass; sync protection; DELETE
 *       passes; a Zone outside a global is denied; the object is decoded (errored 400); the mesh is
 *       checked ({@code mesh: cannot be empty}, charset); the spec is validated with the Universal
 *       validators, fields rooted at {@code spec} (invalid 422 with every violation).
 *   <li>Mesh DELETE: refused while Dataplanes are in the mesh (errored 400), unless {@code
 *       store.unsafeDelete}.
 *   <li>Dataplane CREATE/UPDATE: its mesh must exist (errored 500 with the store's not-found text).
 *   <li>MeshGatewayInstance CREATE/UPDATE: the spec's rules, {@code tags} with {@code
 *       kuma.io/service} (D5), fields not rooted at {@code spec} (invalid 422).
 *   <li>MeshTrafficPermission, MeshAccessLog, MeshTrace CREATE/UPDATE: only in the system namespace
 *       (denied).
 *   <li>ContainerPatch CREATE/UPDATE: only in the system namespace (denied).
 * </ol>
 *
 * <p>Deliberate difference: Kuma also refuses to DELETE a policy or ContainerPatch outside the
 * system namespace; Portico lets such a stray object be deleted.
 */
public final class ResourceValidationWebhook implements AdmissionWebhook {
  static final String ZONE_OUTSIDE_GLOBAL =
      "Zone resource can only be applied on CP with mode: [global]";
  static final String MESH_HAS_DATAPLANES =
      "mesh: unable to delete mesh, there are still some dataplanes attached";
  static final String CONTAINER_PATCH = "ContainerPatch";

  private final String systemNamespace;
  private final ControlPlaneMode mode;
  private final boolean unsafeDelete;
  private final ResourceCodec codec;
  private final ResourceValidation validation;
  private final MeshLookup meshes;
  private final SyncProtection sync;
  private final List<AdmissionWebhook> checks;

  /**
   * @param settings the system namespace and the control plane's service account
   * @param mode this control plane's mode
   * @param unsafeDelete {@code store.unsafeDelete}: Meshes may be deleted with Dataplanes in them
   * @param codec binds specs
   * @param validation the Universal validation with the store
   * @param meshes Mesh existence and Dataplanes
   */
  public ResourceValidationWebhook(
      KubernetesSettings settings,
      ControlPlaneMode mode,
      boolean unsafeDelete,
      ResourceCodec codec,
      ResourceValidation validation,
      MeshLookup meshes) {
    this.systemNamespace = settings.systemNamespace();
    this.mode = Objects.requireNonNull(mode, "mode");
    this.unsafeDelete = unsafeDelete;
    this.codec = Objects.requireNonNull(codec, "codec");
    this.validation = Objects.requireNonNull(validation, "validation");
    this.meshes = Objects.requireNonNull(meshes, "meshes");
    this.sync = new SyncProtection(mode, settings.serviceAccountName());
    this.checks =
        List.of(
            this::kumaResource,
            this::meshDeletion,
            this::dataplaneMesh,
            this::gatewayInstance,
            this::policyNamespace,
            this::containerPatchNamespace);
  }

  @Override
  public Verdict review(AdmissionRequest request) {
    for (AdmissionWebhook check : checks) {
      Verdict verdict = check.review(request);
      if (!verdict.isAllowed()) {
        return verdict;
      }
    }
    return Verdict.ALLOWED;
  }

  /** §7.3 steps 1–7. */
  private Verdict kumaResource(AdmissionRequest request) {
    Optional<KubernetesKind> kumaKind = KumaObject.kumaKind(request.kind());
    if (kumaKind.isEmpty()) {
      return Verdict.ALLOWED;
    }
    KubernetesKind kind = kumaKind.get();
    Optional<Verdict> refusal = sync.refusal(kind.typeName(), request.username());
    if (refusal.isPresent()) {
      return refusal.get();
    }
    if (request.operation() == Operation.DELETE) {
      return Verdict.ALLOWED;
    }
    if (kind.typeName().equals(ResourceTypes.ZONE.name()) && mode != ControlPlaneMode.GLOBAL) {
      return new Verdict.Denied(ZONE_OUTSIDE_GLOBAL);
    }
    if (!request.hasObject()) {
      return new Verdict.Errored(400, "there is no content to decode");
    }
    KumaObject object = KumaObject.of(kind, codec, request, request.object());
    Resource<?> resource;
    try {
      resource = object.toResource(codec);
    } catch (ValidationException e) {
      return new Verdict.Errored(400, e.getMessage());
    }
    List<Violation> meshViolations = object.meshViolations();
    if (!meshViolations.isEmpty()) {
      return new Verdict.Invalid(object.name(), object.objectKind(), meshViolations);
    }
    List<Violation> violations;
    try {
      violations = validation.validate(resource);
    } catch (RuntimeException e) {
      return new Verdict.Denied(String.valueOf(e.getMessage()));
    }
    List<Violation> shown =
        violations.stream()
            .filter(v -> !v.field().equals("name"))
            .map(v -> v.field().equals("mesh") ? v : object.specPath(v))
            .toList();
    return shown.isEmpty()
        ? Verdict.ALLOWED
        : new Verdict.Invalid(object.name(), object.objectKind(), shown);
  }

  /** §7.4: a Mesh with Dataplanes is not deleted. */
  private Verdict meshDeletion(AdmissionRequest request) {
    if (!isKuma(request, ResourceTypes.MESH.name())
        || request.operation() != Operation.DELETE
        || unsafeDelete
        || !meshes.hasDataplanes(request.name())) {
      return Verdict.ALLOWED;
    }
    return new Verdict.Errored(400, MESH_HAS_DATAPLANES);
  }

  /** §7.4: a Dataplane's mesh exists. */
  private Verdict dataplaneMesh(AdmissionRequest request) {
    if (!isKuma(request, ResourceTypes.DATAPLANE.name()) || !isWrite(request)) {
      return Verdict.ALLOWED;
    }
    KubernetesKind kind = KubernetesKinds.of(ResourceTypes.DATAPLANE.name()).orElseThrow();
    String mesh = KumaObject.of(kind, codec, request, request.object()).mesh();
    if (meshes.meshUid(mesh).isPresent()) {
      return Verdict.ALLOWED;
    }
    return new Verdict.Errored(
        500, "Resource not found: type=\"Mesh\" name=\"" + mesh + "\" mesh=\"\"");
  }

  /** §7.4 and D5: a MeshGatewayInstance's spec, tags with {@code kuma.io/service}. */
  private Verdict gatewayInstance(AdmissionRequest request) {
    if (!isKuma(request, KumaObject.MESH_GATEWAY_INSTANCE) || !isWrite(request)) {
      return Verdict.ALLOWED;
    }
    JsonNode object = request.object();
    MeshGatewayInstanceSpec spec;
    try {
      spec = codec.specFromTree(ResourceTypes.MESH_GATEWAY_INSTANCE, object.path("spec"));
    } catch (ValidationException e) {
      return new Verdict.Errored(400, e.getMessage());
    }
    List<Violation> violations = ResourceTypes.MESH_GATEWAY_INSTANCE.validator().violations(spec);
    if (violations.isEmpty()) {
      return Verdict.ALLOWED;
    }
    String kind = object.path("kind").asText(KumaObject.MESH_GATEWAY_INSTANCE);
    return new Verdict.Invalid(object.path("metadata").path("name").asText(""), kind, violations);
  }

  /** §7.4: the 2.0 policies live in the system namespace. */
  private Verdict policyNamespace(AdmissionRequest request) {
    boolean isPolicy =
        KumaObject.kumaKind(request.kind())
            .filter(k -> k.mesh() == MeshPlacement.LABEL)
            .isPresent();
    if (!isPolicy || !isWrite(request) || request.namespace().equals(systemNamespace)) {
      return Verdict.ALLOWED;
    }
    return new Verdict.Denied(
        "policy can only be created in the system namespace:" + systemNamespace);
  }

  /** §7.4: ContainerPatches live in the system namespace. */
  private Verdict containerPatchNamespace(AdmissionRequest request) {
    if (!isKuma(request, CONTAINER_PATCH)
        || !isWrite(request)
        || request.namespace().equals(systemNamespace)) {
      return Verdict.ALLOWED;
    }
    return new Verdict.Denied(
        "ContainerPatch can only be placed in "
            + systemNamespace
            + " namespace. It can be however referenced by pods in all namespaces");
  }

  private static boolean isKuma(AdmissionRequest request, String kind) {
    return KubernetesKinds.GROUP.equals(request.kind().group())
        && kind.equals(request.kind().kind());
  }

  private static boolean isWrite(AdmissionRequest request) {
    return (request.operation() == Operation.CREATE || request.operation() == Operation.UPDATE)
        && request.hasObject();
  }
}
