package io.portico.cli.install;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.cli.install.ControlPlaneSettings.EnvVar;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects of {@code install control-plane} (spec/kubernetes.md §8, with Portico's images, env
 * names and Lease), in the order {@code kubectl apply} needs them:
 *
 * <pre>
 * Namespace            &lt;ns&gt;, labelled kuma.io/system-namespace: "true"
 * ServiceAccount       kuma-control-plane
 * Secret               kuma-tls-cert (kubernetes.io/tls: tls.crt, tls.key, ca.crt)
 * ConfigMap            kuma-control-plane-config (config.yaml, comments only)
 * CRDs                 as install crds
 * ClusterRole(Binding) kuma-control-plane
 * Role(Binding)        kuma-control-plane in &lt;ns&gt;
 * Service              &lt;service&gt;: 5680, 5681, 5682, 443→5443, 5678
 * Deployment           kuma-control-plane, container control-plane
 * Mutating/ValidatingWebhookConfiguration (AdmissionWebhooks)
 * </pre>
 *
 * A pure function of the settings and the TLS material.
 */
final class ControlPlaneManifest {
  static final String NAME = "kuma-control-plane";
  static final String CONFIG_MAP_NAME = "kuma-control-plane-config";
  static final String TLS_SECRET_NAME = "kuma-tls-cert";
  static final String CONTAINER_NAME = "control-plane";
  static final String POD_NAME = "POD_NAME";

  /** Where the TLS Secret is mounted; the admission server's certificate directory. */
  static final String TLS_DIR = "/var/run/secrets/kuma.io/tls-cert";

  static final String CONFIG_DIR = "/etc/kuma.io/kuma-control-plane";
  static final String CONFIG_FILE = CONFIG_DIR + "/config.yaml";

  /** The control plane's work directory, on an emptyDir (the root file system is read-only). */
  static final String WORK_DIR = "/tmp/portico";

  static final int DIAGNOSTICS_PORT = 5680;
  static final int API_HTTP_PORT = 5681;
  static final int API_HTTPS_PORT = 5682;
  static final int ADMISSION_PORT = 5443;
  static final int DP_SERVER_PORT = 5678;

  /** The labels of every object and the Service's selector (§8). */
  static final Map<String, String> LABELS = labels();

  static final String CONFIG_YAML =
      """
      # portico-cp configuration: any key of portico-cp.defaults.yaml (docs/control-plane.md).
      # The PORTICO_* environment variables of the Deployment override the keys they name.
      """;

  private ControlPlaneManifest() {}

  private static Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app", NAME);
    labels.put("app.kubernetes.io/name", "kuma");
    labels.put("app.kubernetes.io/instance", "kuma");
    return Collections.unmodifiableMap(labels);
  }

  /** Every object, in apply order. */
  static List<ObjectNode> objects(ControlPlaneSettings settings, ControlPlaneTls tls) {
    String ns = settings.namespace();
    List<ObjectNode> objects = new ArrayList<>();
    objects.add(namespace(ns));
    objects.add(KubeObjects.object("v1", "ServiceAccount", NAME, ns, LABELS));
    objects.add(tlsSecret(ns, tls));
    objects.add(configMap(ns));
    objects.addAll(CustomResourceDefinitions.all());
    objects.add(ControlPlaneRbac.clusterRole(NAME, LABELS));
    objects.add(ControlPlaneRbac.clusterRoleBinding(NAME, ns, LABELS));
    objects.add(ControlPlaneRbac.role(NAME, ns, LABELS));
    objects.add(ControlPlaneRbac.roleBinding(NAME, ns, LABELS));
    objects.add(service(settings));
    objects.add(deployment(settings));
    objects.add(AdmissionWebhooks.mutating(settings, tls.caCertPem(), LABELS));
    objects.add(AdmissionWebhooks.validating(settings, tls.caCertPem(), LABELS));
    return objects;
  }

  private static ObjectNode namespace(String ns) {
    return KubeObjects.object(
        "v1", "Namespace", ns, null, Map.of(AdmissionWebhooks.SYSTEM_NAMESPACE_LABEL, "true"));
  }

  private static ObjectNode tlsSecret(String ns, ControlPlaneTls tls) {
    ObjectNode secret = KubeObjects.object("v1", "Secret", TLS_SECRET_NAME, ns, LABELS);
    secret.put("type", "kubernetes.io/tls");
    ObjectNode data = secret.putObject("data");
    data.put("tls.crt", base64(tls.certPem()));
    data.put("tls.key", base64(tls.keyPem()));
    data.put("ca.crt", base64(tls.caCertPem()));
    return secret;
  }

  private static ObjectNode configMap(String ns) {
    ObjectNode configMap = KubeObjects.object("v1", "ConfigMap", CONFIG_MAP_NAME, ns, LABELS);
    configMap.putObject("data").put("config.yaml", CONFIG_YAML);
    return configMap;
  }

  private static ObjectNode service(ControlPlaneSettings settings) {
    ObjectNode service =
        KubeObjects.object("v1", "Service", settings.serviceName(), settings.namespace(), LABELS);
    ObjectNode spec = service.putObject("spec");
    spec.put("type", "ClusterIP");
    ArrayNode ports = spec.putArray("ports");
    servicePort(ports, "diagnostics", DIAGNOSTICS_PORT, DIAGNOSTICS_PORT, "http");
    servicePort(ports, "http-api-server", API_HTTP_PORT, API_HTTP_PORT, "http");
    servicePort(ports, "https-api-server", API_HTTPS_PORT, API_HTTPS_PORT, "https");
    servicePort(
        ports, "https-admission-server", AdmissionWebhooks.SERVICE_PORT, ADMISSION_PORT, "https");
    servicePort(ports, "dp-server", DP_SERVER_PORT, DP_SERVER_PORT, "grpc");
    spec.set("selector", KubeObjects.strings(LABELS));
    return service;
  }

  private static void servicePort(
      ArrayNode ports, String name, int port, int targetPort, String appProtocol) {
    ObjectNode entry = ports.addObject();
    entry.put("name", name);
    entry.put("port", port);
    entry.put("targetPort", targetPort);
    entry.put("protocol", "TCP");
    entry.put("appProtocol", appProtocol);
  }

  private static ObjectNode deployment(ControlPlaneSettings settings) {
    ObjectNode deployment =
        KubeObjects.object("apps/v1", "Deployment", NAME, settings.namespace(), LABELS);
    ObjectNode spec = deployment.putObject("spec");
    spec.put("replicas", 1);
    spec.putObject("selector").set("matchLabels", KubeObjects.strings(LABELS));
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").set("labels", KubeObjects.strings(LABELS));
    ObjectNode pod = template.putObject("spec");
    pod.put("serviceAccountName", NAME);
    pod.put("automountServiceAccountToken", true);
    pod.putObject("nodeSelector").put("kubernetes.io/os", "linux");
    pod.putArray("containers").add(container(settings));
    ArrayNode volumes = pod.putArray("volumes");
    ObjectNode tls = volumes.addObject();
    tls.put("name", "general-tls-cert");
    tls.putObject("secret").put("secretName", TLS_SECRET_NAME);
    ObjectNode config = volumes.addObject();
    config.put("name", CONFIG_MAP_NAME);
    config.putObject("configMap").put("name", CONFIG_MAP_NAME);
    ObjectNode tmp = volumes.addObject();
    tmp.put("name", "tmp");
    tmp.putObject("emptyDir");
    return deployment;
  }

  private static ObjectNode container(ControlPlaneSettings settings) {
    ObjectNode container = KubeObjects.NODES.objectNode();
    container.put("name", CONTAINER_NAME);
    container.put("image", settings.controlPlaneImage());
    container.put("imagePullPolicy", "IfNotPresent");
    container.set("args", KubeObjects.strings(List.of("run", "--config-file=" + CONFIG_FILE)));
    ArrayNode env = container.putArray("env");
    List<EnvVar> variables = environment(settings);
    for (EnvVar variable : variables) {
      ObjectNode entry = env.addObject();
      entry.put("name", variable.name());
      entry.put("value", variable.value());
    }
    if (variables.stream().noneMatch(v -> v.name().equals(POD_NAME))) {
      ObjectNode podName = env.addObject();
      podName.put("name", POD_NAME);
      ObjectNode fieldRef = podName.putObject("valueFrom").putObject("fieldRef");
      fieldRef.put("apiVersion", "v1");
      fieldRef.put("fieldPath", "metadata.name");
    }
    ArrayNode ports = container.putArray("ports");
    for (int port :
        new int[] {
          DIAGNOSTICS_PORT, API_HTTP_PORT, API_HTTPS_PORT, ADMISSION_PORT, DP_SERVER_PORT
        }) {
      ports.addObject().put("containerPort", port);
    }
    container.set("startupProbe", probe("/healthy", 5, 3, 24));
    container.set("livenessProbe", probe("/healthy", 10, 10, 3));
    container.set("readinessProbe", probe("/ready", 10, 10, 3));
    ObjectNode resources = container.putObject("resources");
    ObjectNode requests = resources.putObject("requests");
    requests.put("cpu", "500m");
    requests.put("memory", "512Mi");
    resources.putObject("limits").put("memory", "1Gi");
    ObjectNode security = container.putObject("securityContext");
    security.put("allowPrivilegeEscalation", false);
    security.put("readOnlyRootFilesystem", true);
    security.put("runAsNonRoot", true);
    security.putObject("capabilities").set("drop", KubeObjects.strings(List.of("ALL")));
    ArrayNode mounts = container.putArray("volumeMounts");
    mount(mounts, "general-tls-cert", TLS_DIR, true);
    mount(mounts, CONFIG_MAP_NAME, CONFIG_DIR, true);
    mount(mounts, "tmp", "/tmp", false);
    return container;
  }

  /**
   * The {@code control-plane} container's variables (spec/kubernetes.md §10 names, {@code PORTICO_}
   * prefix) but {@code POD_NAME} (from the pod's name, last unless an {@code --env-var} sets it):
   * the generated ones in a fixed order, each replaced in place by an {@code --env-var} of the same
   * name, then the other {@code --env-var}s in order.
   */
  static List<EnvVar> environment(ControlPlaneSettings settings) {
    String ns = settings.namespace();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PORTICO_ENVIRONMENT", "kubernetes");
    env.put("PORTICO_STORE_TYPE", "kubernetes");
    env.put("PORTICO_STORE_KUBERNETES_SYSTEM_NAMESPACE", ns);
    env.put("PORTICO_GENERAL_WORK_DIR", WORK_DIR);
    env.put("PORTICO_GENERAL_TLS_CERT_FILE", TLS_DIR + "/tls.crt");
    env.put("PORTICO_GENERAL_TLS_KEY_FILE", TLS_DIR + "/tls.key");
    env.put("PORTICO_API_SERVER_READ_ONLY", "true");
    env.put("PORTICO_API_SERVER_AUTHN_LOCALHOST_IS_ADMIN", "false");
    env.put("PORTICO_RUNTIME_KUBERNETES_CONTROL_PLANE_SERVICE_NAME", settings.serviceName());
    env.put(
        "PORTICO_RUNTIME_KUBERNETES_SERVICE_ACCOUNT_NAME",
        "system:serviceaccount:" + ns + ":" + NAME);
    env.put("PORTICO_RUNTIME_KUBERNETES_ADMISSION_SERVER_PORT", String.valueOf(ADMISSION_PORT));
    env.put("PORTICO_RUNTIME_KUBERNETES_ADMISSION_SERVER_CERT_DIR", TLS_DIR);
    env.put("PORTICO_RUNTIME_KUBERNETES_INJECTOR_CA_CERT_FILE", TLS_DIR + "/ca.crt");
    env.put(
        "PORTICO_RUNTIME_KUBERNETES_INJECTOR_SIDECAR_CONTAINER_IMAGE", settings.dataplaneImage());
    for (EnvVar extra : settings.envVars()) {
      env.put(extra.name(), extra.value());
    }
    return env.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue())).toList();
  }

  /** An HTTP probe of the diagnostics server ({@code /healthy}, {@code /ready}). */
  private static ObjectNode probe(
      String path, int periodSeconds, int timeoutSeconds, int failureThreshold) {
    ObjectNode probe = KubeObjects.NODES.objectNode();
    ObjectNode httpGet = probe.putObject("httpGet");
    httpGet.put("path", path);
    httpGet.put("port", DIAGNOSTICS_PORT);
    probe.put("periodSeconds", periodSeconds);
    probe.put("timeoutSeconds", timeoutSeconds);
    probe.put("failureThreshold", failureThreshold);
    return probe;
  }

  private static void mount(ArrayNode mounts, String volume, String path, boolean readOnly) {
    ObjectNode mount = mounts.addObject();
    mount.put("name", volume);
    mount.put("mountPath", path);
    if (readOnly) {
      mount.put("readOnly", true);
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
