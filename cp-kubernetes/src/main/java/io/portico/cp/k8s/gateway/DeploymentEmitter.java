package io.portico.cp.k8s.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.portico.cp.k8s.KubernetesSettings;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import io.portico.mesh.api.validation.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Deployment of a MeshGatewayInstance (spec/kubernetes.md §4.5): the existing Deployment
 * mutated, or a new one, as Kuma 2.0.8's {@code createOrUpdateDeployment} does.
 *
 * <p>The controller sets {@code spec.replicas} ({@code spec.replicas}, 1 when absent or 0, D3),
 * {@code spec.selector} ({@code {app: <instance>}}) and replaces {@code spec.template} whole on
 * every reconcile; the rest of an existing Deployment (its metadata, strategy, status) is kept. The
 * pod template:
 *
 * <pre>
 * metadata:
 *   labels:      {app: &lt;instance&gt;, kuma.io/sidecar-injection: disabled}
 *   annotations: {kuma.io/gateway: builtin, kuma.io/tags: &lt;Go JSON of spec.tags&gt;,
 *                 kuma.io/mesh: &lt;mesh&gt;}
 * spec:
 *   securityContext: {sysctls: [net.ipv4.ip_unprivileged_port_start=0]}   # Kubernetes ≥ 1.22
 *   containers: [kuma-gateway]          # capability NET_BIND_SERVICE instead before 1.22
 * </pre>
 */
public final class DeploymentEmitter {
  static final String TAGS_ANNOTATION = "kuma.io/tags";
  static final String SIDECAR_INJECTION_LABEL = "kuma.io/sidecar-injection";
  static final String DISABLED = "disabled";
  static final String UNPRIVILEGED_PORT_START = "net.ipv4.ip_unprivileged_port_start";

  /** A Kubernetes quantity: the pattern of {@code resource.Quantity} in CRD schemas. */
  private static final Pattern QUANTITY =
      Pattern.compile(
          "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))"
              + "(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$");

  private final KubernetesSettings settings;
  private final KubernetesVersion version;

  /**
   * @param settings the control plane's Kubernetes settings (image, container, CA, URL)
   * @param version the API server's version, read once at start
   */
  public DeploymentEmitter(KubernetesSettings settings, KubernetesVersion version) {
    this.settings = settings;
    this.version = version;
  }

  /**
   * The Deployment as it must be after this reconcile.
   *
   * @param instance the instance
   * @param mesh the instance's mesh
   * @param existing the Deployment the instance controls now, or null; not modified
   * @throws ValidationException naming every unreadable annotation knob or {@code spec.resources}
   */
  public Deployment emit(GatewayInstance instance, String mesh, Deployment existing) {
    Errors errors = new Errors();
    ProxyAnnotations knobs = null;
    try {
      knobs = ProxyAnnotations.read(instance.annotations());
    } catch (ValidationException e) {
      errors.addAll(e.violations());
    }
    ResourceRequirements resources = resources(instance.spec().resources(), errors);
    errors.throwIfAny();

    boolean sysctl = version.isUnprivilegedPortSysctlSupported();
    Container container =
        GatewayContainer.build(
            settings.sidecar(),
            settings.controlPlaneUrl(),
            settings.controlPlaneCaCertPem(),
            knobs,
            mesh,
            resources,
            !sysctl);
    PodSecurityContext podSecurity =
        sysctl
            ? new PodSecurityContextBuilder()
                .addNewSysctl()
                .withName(UNPRIVILEGED_PORT_START)
                .withValue("0")
                .endSysctl()
                .build()
            : null;

    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ServiceEmitter.APP_LABEL, instance.name());
    labels.put(SIDECAR_INJECTION_LABEL, DISABLED);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(ServiceEmitter.GATEWAY_ANNOTATION, ServiceEmitter.BUILTIN);
    annotations.put(TAGS_ANNOTATION, GoFormat.json(instance.spec().tags()));
    annotations.put(KubernetesKinds.MESH_KEY, mesh);

    PodSpec pod = new PodSpec();
    applyPodTemplate(instance.spec().podTemplate(), labels, annotations, pod, container);
    if (podSecurity != null && pod.getSecurityContext() != null) {
      podSecurity.setFsGroup(pod.getSecurityContext().getFsGroup());
    }
    if (podSecurity != null || pod.getSecurityContext() == null) {
      pod.setSecurityContext(podSecurity);
    }
    pod.setContainers(new ArrayList<>(List.of(container)));
    ObjectMeta podMeta = new ObjectMeta();
    podMeta.setLabels(labels);
    podMeta.setAnnotations(annotations);
    PodTemplateSpec template = new PodTemplateSpec();
    template.setMetadata(podMeta);
    template.setSpec(pod);

    Deployment deployment;
    if (existing != null) {
      deployment = ObjectTrees.copy(existing);
    } else {
      deployment = new Deployment();
      deployment.setApiVersion("apps/v1");
      deployment.setKind("Deployment");
      ObjectMeta meta = new ObjectMeta();
      meta.setNamespace(instance.namespace());
      meta.setName(instance.name());
      deployment.setMetadata(meta);
    }
    ControllerReference.set(deployment, instance);
    if (deployment.getSpec() == null) {
      deployment.setSpec(new DeploymentSpec());
    }
    DeploymentSpec spec = deployment.getSpec();
    spec.setReplicas(replicas(instance));
    LabelSelector selector = new LabelSelector();
    selector.setMatchLabels(new LinkedHashMap<>(Map.of(ServiceEmitter.APP_LABEL, instance.name())));
    spec.setSelector(selector);
    spec.setTemplate(template);
    return deployment;
  }

  /**
   * {@code spec.resources} as a {@code core/v1 ResourceRequirements}, or null when absent. Requests
   * and limits must be maps of quantities (the CRD's pattern), which the API server would otherwise
   * only refuse in the Deployment.
   */
  static ResourceRequirements resources(JsonNode tree, Errors errors) {
    if (tree == null) {
      return null;
    }
    Path path = Path.of("spec").field("resources");
    int before = errors.size();
    for (String field : List.of("limits", "requests")) {
      JsonNode map = tree.path(field);
      if (map.isMissingNode() || map.isNull()) {
        continue;
      }
      if (!map.isObject()) {
        errors.add(path.field(field), "must be a map of resource names to quantities");
        continue;
      }
      for (Map.Entry<String, JsonNode> e : map.properties()) {
        JsonNode value = e.getValue();
        if (!(value.isNumber() || value.isTextual())
            || !QUANTITY.matcher(value.asText()).matches()) {
          errors.add(
              path.field(field).key(e.getKey()),
              "must be a quantity such as 500m, 2 or 128Mi, got " + value);
        }
      }
    }
    if (errors.size() > before) {
      return null;
    }
    try {
      return ObjectTrees.fromTree(tree, ResourceRequirements.class);
    } catch (IllegalArgumentException e) {
      errors.add(path, e.getMessage());
      return null;
    }
  }

  /**
   * Kuma 2.2's {@code spec.podTemplate} (spec/kubernetes.md §4.8, D12), validated beforehand by the
   * MeshGatewayInstance validator: labels and annotations are added to the pod template's without
   * replacing the controller's own (the Deployment's selector and the gateway annotations must
   * stay), then the service account, the pod's {@code fsGroup} and the container's {@code
   * readOnlyRootFilesystem}.
   */
  static void applyPodTemplate(
      JsonNode template,
      Map<String, String> labels,
      Map<String, String> annotations,
      PodSpec pod,
      Container container) {
    if (template == null || !template.isObject()) {
      return;
    }
    JsonNode metadata = template.path("metadata");
    metadata
        .path("labels")
        .properties()
        .forEach(e -> labels.putIfAbsent(e.getKey(), e.getValue().asText()));
    metadata
        .path("annotations")
        .properties()
        .forEach(e -> annotations.putIfAbsent(e.getKey(), e.getValue().asText()));
    JsonNode spec = template.path("spec");
    JsonNode account = spec.path("serviceAccountName");
    if (account.isTextual() && !account.asText().isEmpty()) {
      pod.setServiceAccountName(account.asText());
    }
    JsonNode fsGroup = spec.path("securityContext").path("fsGroup");
    if (fsGroup.canConvertToLong()) {
      pod.setSecurityContext(new PodSecurityContextBuilder().withFsGroup(fsGroup.asLong()).build());
    }
    JsonNode readOnly =
        spec.path("container").path("securityContext").path("readOnlyRootFilesystem");
    if (readOnly.isBoolean()) {
      SecurityContext security =
          container.getSecurityContext() == null
              ? new SecurityContext()
              : container.getSecurityContext();
      security.setReadOnlyRootFilesystem(readOnly.asBoolean());
      container.setSecurityContext(security);
    }
  }

  /** {@code spec.replicas}, 1 when absent or not positive (the CRD default, D3). */
  static int replicas(GatewayInstance instance) {
    return Math.max(1, instance.spec().replicas());
  }
}
