package io.portico.cli.install;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.cli.install.ControlPlaneSettings.FailurePolicy;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.types.KubernetesKinds.KubernetesKind;
import io.portico.mesh.api.types.KubernetesKinds.MeshPlacement;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The MutatingWebhookConfiguration and ValidatingWebhookConfiguration that send admission requests
 * to the control plane (spec/kubernetes.md §7.1, §6.1): six paths on the control plane's Service,
 * port 443 (→ 5443), trusted through {@code caBundle} = the CA that issued the admission server's
 * certificate.
 *
 * <pre>
 * mutating    /owner-reference-kuma-io-v1alpha1  mesh-scoped policies          CREATE          Fail
 *             /default-kuma-io-v1alpha1-mesh     meshes, label-mesh policies   CREATE, UPDATE  Fail
 *             /inject-sidecar (3 webhooks)       pods                          CREATE          §6.1
 * validating  /validate-kuma-io-v1alpha1         kuma.io kinds of §7.1         C, U, DELETE    Fail
 *             /validate-v1-service               services                      CREATE, UPDATE  Ignore
 *             /validate-v1-secret                secrets of the system ns      C, U, DELETE    Ignore
 * </pre>
 *
 * <p>Differences from Kuma 2.0.8: the validator lists {@code meshgatewayinstances} where Kuma's
 * chart lists the non-existent {@code gatewayinstances} (§12 D5), and the catch-all injector
 * webhook leaves out {@code kube-system} and the system namespace, so that Pods there (the control
 * plane's own) never wait on an unreachable injector.
 */
final class AdmissionWebhooks {
  static final String API_VERSION = "admissionregistration.k8s.io/v1";
  static final String MUTATING_NAME = "kuma-admission-mutating-webhook-configuration";
  static final String VALIDATING_NAME = "kuma-validating-webhook-configuration";
  static final int SERVICE_PORT = 443;

  static final String OWNER_REFERENCE_PATH = "/owner-reference-kuma-io-v1alpha1";
  static final String DEFAULTER_PATH = "/default-kuma-io-v1alpha1-mesh";
  static final String INJECTOR_PATH = "/inject-sidecar";
  static final String VALIDATOR_PATH = "/validate-kuma-io-v1alpha1";
  static final String SERVICE_VALIDATOR_PATH = "/validate-v1-service";
  static final String SECRET_VALIDATOR_PATH = "/validate-v1-secret";

  /** The label that turns injection on (spec/kubernetes.md §6.2). */
  static final String INJECTION_LABEL = "kuma.io/sidecar-injection";

  /** The label of the system namespace (§2.4), which scopes the Secret validator. */
  static final String SYSTEM_NAMESPACE_LABEL = "kuma.io/system-namespace";

  /**
   * The kinds the generic validator sees: §7.1's list in its order, with {@code
   * meshgatewayinstances} for Kuma's {@code gatewayinstances}. ContainerPatch has no CRD yet (a
   * rule naming an absent resource is harmless); Timeout and the insights are not validated, as in
   * Kuma.
   */
  static final List<String> VALIDATED_RESOURCES =
      List.of(
          "circuitbreakers",
          "dataplanes",
          "externalservices",
          "faultinjections",
          "meshgatewayinstances",
          "healthchecks",
          "meshes",
          "meshgateways",
          "meshgatewayroutes",
          "proxytemplates",
          "ratelimits",
          "retries",
          "trafficlogs",
          "trafficpermissions",
          "trafficroutes",
          "traffictraces",
          "virtualoutbounds",
          "zones",
          "containerpatches",
          "meshaccesslogs",
          "meshtraces",
          "meshtrafficpermissions");

  /** Mesh-scoped kinds that are not proxies: Dataplanes are owned by their Pod instead. */
  private static final Set<String> NOT_POLICIES = Set.of("Dataplane", "DataplaneInsight");

  private AdmissionWebhooks() {}

  /**
   * The kinds that get their Mesh as owner on creation (§7.5): every mesh-scoped custom resource
   * but the proxies' own, sorted by plural.
   */
  static List<String> ownedByMeshResources() {
    return CustomResourceDefinitions.kinds().stream()
        .filter(k -> k.mesh() == MeshPlacement.FIELD || k.mesh() == MeshPlacement.LABEL)
        .filter(k -> !NOT_POLICIES.contains(k.typeName()))
        .map(KubernetesKind::plural)
        .toList();
  }

  /** The kinds the defaulter sees (§7.5): meshes and the policies whose mesh is a label. */
  static List<String> defaultedResources() {
    return CustomResourceDefinitions.kinds().stream()
        .filter(k -> k.typeName().equals("Mesh") || k.mesh() == MeshPlacement.LABEL)
        .map(KubernetesKind::plural)
        .toList();
  }

  static ObjectNode mutating(
      ControlPlaneSettings settings, String caPem, Map<String, String> labels) {
    ObjectNode config =
        KubeObjects.object(
            API_VERSION, "MutatingWebhookConfiguration", MUTATING_NAME, null, labels);
    ArrayNode webhooks = config.putArray("webhooks");
    Endpoint target = Endpoint.of(settings, caPem);

    ObjectNode owner =
        webhook(
            webhooks,
            "owner-reference.kuma-admission.kuma.io",
            FailurePolicy.Fail,
            target,
            OWNER_REFERENCE_PATH);
    rule(
        owner,
        KubernetesKinds.GROUP,
        KubernetesKinds.VERSION,
        List.of("CREATE"),
        ownedByMeshResources());

    ObjectNode defaulter =
        webhook(
            webhooks,
            "mesh.defaulter.kuma-admission.kuma.io",
            FailurePolicy.Fail,
            target,
            DEFAULTER_PATH);
    rule(
        defaulter,
        KubernetesKinds.GROUP,
        KubernetesKinds.VERSION,
        List.of("CREATE", "UPDATE"),
        defaultedResources());

    FailurePolicy injectorPolicy = settings.injectorFailurePolicy();
    ObjectNode byNamespace =
        webhook(webhooks, "namespace-kuma-injector.kuma.io", injectorPolicy, target, INJECTOR_PATH);
    byNamespace.putObject("namespaceSelector").set("matchLabels", enabled());
    podRule(byNamespace);

    ObjectNode byPod =
        webhook(webhooks, "pods-kuma-injector.kuma.io", injectorPolicy, target, INJECTOR_PATH);
    byPod.putObject("objectSelector").set("matchLabels", enabled());
    podRule(byPod);

    ObjectNode catchAll =
        webhook(webhooks, "kuma-injector.kuma.io", FailurePolicy.Ignore, target, INJECTOR_PATH);
    ObjectNode notSystem =
        catchAll.putObject("namespaceSelector").putArray("matchExpressions").addObject();
    notSystem.put("key", "kubernetes.io/metadata.name");
    notSystem.put("operator", "NotIn");
    notSystem.set("values", KubeObjects.strings(List.of("kube-system", settings.namespace())));
    podRule(catchAll);
    return config;
  }

  static ObjectNode validating(
      ControlPlaneSettings settings, String caPem, Map<String, String> labels) {
    ObjectNode config =
        KubeObjects.object(
            API_VERSION, "ValidatingWebhookConfiguration", VALIDATING_NAME, null, labels);
    ArrayNode webhooks = config.putArray("webhooks");
    Endpoint target = Endpoint.of(settings, caPem);

    ObjectNode kuma =
        webhook(
            webhooks,
            "validator.kuma-admission.kuma.io",
            FailurePolicy.Fail,
            target,
            VALIDATOR_PATH);
    rule(
        kuma,
        KubernetesKinds.GROUP,
        KubernetesKinds.VERSION,
        List.of("CREATE", "UPDATE", "DELETE"),
        VALIDATED_RESOURCES);

    ObjectNode services =
        webhook(
            webhooks,
            "service.validator.kuma-admission.kuma.io",
            FailurePolicy.Ignore,
            target,
            SERVICE_VALIDATOR_PATH);
    rule(services, "", "v1", List.of("CREATE", "UPDATE"), List.of("services"));

    ObjectNode secrets =
        webhook(
            webhooks,
            "secret.validator.kuma-admission.kuma.io",
            FailurePolicy.Ignore,
            target,
            SECRET_VALIDATOR_PATH);
    secrets
        .putObject("namespaceSelector")
        .set("matchLabels", KubeObjects.strings(Map.of(SYSTEM_NAMESPACE_LABEL, "true")));
    rule(secrets, "", "v1", List.of("CREATE", "UPDATE", "DELETE"), List.of("secrets"));
    return config;
  }

  /** Where every webhook sends its requests, and the CA (base64 PEM) it trusts there. */
  private record Endpoint(String namespace, String serviceName, String caBundle) {
    static Endpoint of(ControlPlaneSettings settings, String caPem) {
      return new Endpoint(
          settings.namespace(),
          settings.serviceName(),
          Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)));
    }
  }

  private static ObjectNode webhook(
      ArrayNode webhooks, String name, FailurePolicy failurePolicy, Endpoint target, String path) {
    ObjectNode webhook = webhooks.addObject();
    webhook.put("name", name);
    webhook.set("admissionReviewVersions", KubeObjects.strings(List.of("v1")));
    webhook.put("failurePolicy", failurePolicy.name());
    ObjectNode clientConfig = webhook.putObject("clientConfig");
    clientConfig.put("caBundle", target.caBundle());
    ObjectNode service = clientConfig.putObject("service");
    service.put("namespace", target.namespace());
    service.put("name", target.serviceName());
    service.put("path", path);
    service.put("port", SERVICE_PORT);
    return webhook;
  }

  /** The webhook's one rule, then {@code sideEffects: None} (no webhook has side effects). */
  private static void rule(
      ObjectNode webhook,
      String group,
      String version,
      List<String> operations,
      List<String> resources) {
    ObjectNode rule = webhook.putArray("rules").addObject();
    rule.set("apiGroups", KubeObjects.strings(List.of(group)));
    rule.set("apiVersions", KubeObjects.strings(List.of(version)));
    rule.set("operations", KubeObjects.strings(operations));
    rule.set("resources", KubeObjects.strings(resources));
    webhook.put("sideEffects", "None");
  }

  private static void podRule(ObjectNode webhook) {
    rule(webhook, "", "v1", List.of("CREATE"), List.of("pods"));
  }

  private static ObjectNode enabled() {
    return KubeObjects.strings(Map.of(INJECTION_LABEL, "enabled"));
  }
}
