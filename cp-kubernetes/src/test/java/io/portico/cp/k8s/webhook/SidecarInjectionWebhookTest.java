package io.portico.cp.k8s.webhook;

import static io.portico.cp.k8s.webhook.Requests.patch;
import static io.portico.cp.k8s.webhook.Requests.response;
import static io.portico.cp.k8s.webhook.Requests.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.portico.cp.k8s.KubernetesSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /inject-sidecar} (spec/kubernetes.md §6, the minimal injector of §6.5): the injected pods
 * as golden files, the errors with their exact response, and what is never added.
 *
 * <p>Golden files: {@code src/test/resources/webhook-golden/inject.<case>.input.yaml} is the pod
 * sent, {@code inject.<case>.golden.yaml} the pod after the patch. Run with {@code
 * -Dgolden.update=true} to rewrite the golden files, then review the diff like code.
 */
class SidecarInjectionWebhookTest {
  static final Path GOLDEN = Path.of("src/test/resources/webhook-golden");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
              .build());

  private static final String CA_PEM =
      "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIQ\n-----END CERTIFICATE-----\n";

  /** Defaults, with a CA, one configured variable and Portico's image. */
  private static final KubernetesSettings SETTINGS = settings(Map.of("PORTICO_EXTRA", "0"));

  private final FakeCluster cluster =
      new FakeCluster()
          .mesh("default", "uid-default")
          .mesh("demo", "uid-demo")
          .mesh("jobs-mesh", "uid-jobs")
          .namespace("default", Map.of("kuma.io/sidecar-injection", "enabled"), Map.of())
          .namespace("kong", Map.of(), Map.of())
          .namespace(
              "jobs",
              Map.of(),
              Map.of("kuma.io/sidecar-injection", "enabled", "kuma.io/mesh", "jobs-mesh"));

  private static KubernetesSettings settings(Map<String, String> envVars) {
    KubernetesSettings d = KubernetesSettings.defaults();
    KubernetesSettings.SidecarContainer s = d.sidecar();
    return new KubernetesSettings(
        d.systemNamespace(),
        d.controlPlaneServiceName(),
        d.serviceAccountName(),
        d.dpServerPort(),
        d.admissionServer(),
        new KubernetesSettings.SidecarContainer(
            s.image(),
            s.uid(),
            s.gid(),
            s.adminPort(),
            Duration.ofSeconds(30),
            s.readinessProbe(),
            s.livenessProbe(),
            s.resources(),
            envVars),
        CA_PEM,
        d.injectionExceptionLabels(),
        d.zoneName());
  }

  private String answer(String namespace, String pod) {
    return AdmissionReview.answer(
        new SidecarInjectionWebhook(SETTINGS, true, cluster, cluster),
        Requests.core("Pod", "pods").namespace(namespace).create(pod).json());
  }

  private static String pod(String labels, String annotations) {
    return """
        {"apiVersion":"v1","kind":"Pod",
         "metadata":{"name":"web","labels":%s,"annotations":%s},
         "spec":{"containers":[{"name":"web","image":"nginx"}]}}
        """
        .formatted(labels, annotations);
  }

  private static void assertErrored500(String answer, String message) {
    assertThat(response(answer))
        .isEqualTo(
            tree(
                "{\"uid\":\"%s\",\"allowed\":false,\"status\":{\"code\":500,\"message\":%s}}"
                    .formatted(
                        Requests.UID,
                        Requests.JSON.getNodeFactory().textNode(message).toString())));
  }

  private static void assertAllowedUnchanged(String answer) {
    assertThat(response(answer))
        .isEqualTo(
            tree("{\"uid\":\"" + Requests.UID + "\",\"allowed\":true,\"status\":{\"code\":200}}"));
  }

  // ----------------------------------------------------------------- goldens

  /** The pod of {@code inject.<name>.input.yaml} after the injector's patch. */
  private JsonNode injected(String name) throws IOException {
    JsonNode input =
        YAML.readTree(Files.readString(GOLDEN.resolve("inject." + name + ".input.yaml")));
    String namespace = input.path("metadata").path("namespace").asText("default");
    String answer = answer(namespace, Requests.JSON.writeValueAsString(input));
    assertThat(response(answer).path("patchType").asText()).as(answer).isEqualTo("JSONPatch");
    return JsonPatchApplier.apply(patch(answer), input);
  }

  @ParameterizedTest
  @ValueSource(strings = {"app", "delegated-gateway", "namespace-mesh"})
  void injectedPodMatchesGolden(String name) throws IOException {
    String yaml = YAML.writeValueAsString(injected(name));
    Path golden = GOLDEN.resolve("inject." + name + ".golden.yaml");
    if (UPDATE) {
      Files.writeString(golden, yaml, StandardCharsets.UTF_8);
    }
    assertThat(golden).as("golden file %s (run with -Dgolden.update=true)", golden).exists();
    assertThat(yaml).isEqualTo(Files.readString(golden));
  }

  @ParameterizedTest
  @ValueSource(strings = {"app", "delegated-gateway", "namespace-mesh"})
  void injectionAddsNoTransparentProxyNorDnsAnnotationAndNoInitContainer(String name)
      throws IOException {
    JsonNode pod = injected(name);
    Iterator<String> keys = pod.path("metadata").path("annotations").fieldNames();
    while (keys.hasNext()) {
      assertThat(keys.next())
          .doesNotStartWith("kuma.io/transparent-proxying")
          .doesNotStartWith("kuma.io/builtin-dns")
          .doesNotStartWith("kuma.io/builtindns");
    }
    assertThat(pod.path("spec").has("initContainers")).isFalse();
    JsonNode containers = pod.path("spec").path("containers");
    JsonNode sidecar = containers.get(containers.size() - 1);
    assertThat(sidecar.path("name").asText()).as("appended last").isEqualTo("kuma-sidecar");
    assertThat(sidecar.path("securityContext").has("capabilities")).isFalse();
  }

  // ----------------------------------------------------------------- decisions through the webhook

  @Test
  void podThatIsNotInjectedIsAllowedUnchanged() {
    assertAllowedUnchanged(answer("kong", pod("{}", "{}")));
  }

  @Test
  void builtinGatewayPodIsNeverInjected() {
    assertAllowedUnchanged(
        answer(
            "default",
            pod(
                "{\"app\":\"edge-gateway\",\"kuma.io/sidecar-injection\":\"disabled\"}",
                "{\"kuma.io/gateway\":\"builtin\",\"kuma.io/mesh\":\"default\"}")));
  }

  @Test
  void wrongInjectionValueIsErrored500() {
    assertErrored500(
        answer("kong", pod("{\"kuma.io/sidecar-injection\":\"on\"}", "{}")),
        "annotation \"kuma.io/sidecar-injection\" has wrong value \"on\"");
  }

  @Test
  void missingMeshIsErrored500() {
    assertErrored500(
        answer("default", pod("{}", "{\"kuma.io/mesh\":\"nowhere\"}")),
        "meshes.kuma.io \"nowhere\" not found");
  }

  @Test
  void missingNamespaceIsErrored500() {
    assertErrored500(
        answer("ghost", pod("{}", "{}")),
        "could not retrieve namespace for pod: namespaces \"ghost\" not found");
  }

  @Test
  void podOnlyCreatesAreReviewed() {
    String pod = pod("{\"kuma.io/sidecar-injection\":\"enabled\"}", "{}");
    assertAllowedUnchanged(
        AdmissionReview.answer(
            new SidecarInjectionWebhook(SETTINGS, true, cluster, cluster),
            Requests.core("Pod", "pods").namespace("default").update(pod, pod).json()));
  }

  // ----------------------------------------------------------------- sidecar errors (§6.3)

  @Test
  void missingTokenVolumeIsErrored500() {
    assertErrored500(
        answer("default", pod("{}", "{\"kuma.io/service-account-token-volume\":\"nope\"}")),
        "volume (nope) specified for kuma.io/service-account-token-volume but volume does not"
            + " exist in pod spec");
  }

  @Test
  void virtualProbesOnAGatewayPodIsErrored500() {
    assertErrored500(
        answer(
            "default",
            pod("{}", "{\"kuma.io/gateway\":\"enabled\",\"kuma.io/virtual-probes\":\"enabled\"}")),
        "virtual probes can't be enabled in gateway mode");
  }

  @Test
  void unreadableAdminPortIsErrored500() {
    assertErrored500(
        answer("default", pod("{}", "{\"kuma.io/envoy-admin-port\":\"admin\"}")),
        "failed to parse annotation \"kuma.io/envoy-admin-port\": strconv.ParseUint: parsing"
            + " \"admin\": invalid syntax");
  }

  @Test
  void unreadableDrainTimeIsErrored500() {
    assertErrored500(
        answer("default", pod("{}", "{\"kuma.io/sidecar-drain-time\":\"soon\"}")),
        "time: invalid duration \"soon\"");
  }

  @Test
  void unreadableEnvVarsIsErrored500() {
    assertErrored500(
        answer("default", pod("{}", "{\"kuma.io/sidecar-env-vars\":\"A=1;B\"}")),
        "invalid format. Map in \"kuma.io/sidecar-env-vars\" has to be provided in the following"
            + " format: key1=value1;key2=value2");
  }

  // ----------------------------------------------------------------- annotations (§6.5 point 3)

  @Test
  void virtualProbesFollowThePodOrTheDefault() {
    assertThat(
            injectedAnnotations(pod("{}", "{\"kuma.io/virtual-probes\":\"false\"}"))
                .path("kuma.io/virtual-probes")
                .asText())
        .isEqualTo("disabled");
    assertThat(injectedAnnotations(pod("{}", "{}")).path("kuma.io/virtual-probes").asText())
        .isEqualTo("enabled");
  }

  @Test
  void existingAnnotationsAreKept() {
    JsonNode annotations =
        injectedAnnotations(pod("{}", "{\"team\":\"web\",\"kuma.io/sidecar-injected\":\"false\"}"));
    assertThat(annotations.path("team").asText()).isEqualTo("web");
    assertThat(annotations.path("kuma.io/sidecar-injected").asText()).isEqualTo("true");
  }

  private JsonNode injectedAnnotations(String pod) {
    String answer = answer("default", pod);
    return JsonPatchApplier.apply(patch(answer), tree(pod)).path("metadata").path("annotations");
  }

  @Test
  void goDurationIsWrittenAsGoWritesIt() {
    assertThat(SidecarContainer.goDuration(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(SidecarContainer.goDuration(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(SidecarContainer.goDuration(Duration.ofHours(1))).isEqualTo("1h0m0s");
    assertThat(SidecarContainer.goDuration(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(SidecarContainer.goDuration(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(SidecarContainer.goDuration(Duration.ZERO)).isEqualTo("0s");
  }
}
