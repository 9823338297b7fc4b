package io.portico.cli.install;

import static io.portico.cli.install.ParsedManifest.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.cli.CliRunner;
import io.portico.cli.version.ClientVersion;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code install control-plane}: each flag, the generated TLS material and the usage errors. */
class InstallControlPlaneCommandTest {
  @TempDir Path home;

  private ParsedManifest install(String... flags) {
    List<String> args = new ArrayList<>(List.of("install", "control-plane"));
    args.addAll(List.of(flags));
    CliRunner.Result result =
        new CliRunner(home, InstallGoldenTest.NOW).run(args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).isEmpty();
    return ParsedManifest.parse(result.out());
  }

  private CliRunner.Result installFails(String... flags) {
    List<String> args = new ArrayList<>(List.of("install", "control-plane"));
    args.addAll(List.of(flags));
    return new CliRunner(home, InstallGoldenTest.NOW).run(args.toArray(String[]::new));
  }

  private static JsonNode container(ParsedManifest manifest) {
    return manifest
        .get("Deployment", "kuma-control-plane")
        .path("spec")
        .path("template")
        .path("spec")
        .path("containers")
        .get(0);
  }

  private static Map<String, String> env(ParsedManifest manifest) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode variable : container(manifest).path("env")) {
      env.put(
          variable.path("name").asText(),
          variable.has("value")
              ? variable.path("value").asText()
              : "<from " + variable.path("valueFrom") + ">");
    }
    return env;
  }

  private static List<JsonNode> webhooks(ParsedManifest manifest) {
    List<JsonNode> webhooks = new ArrayList<>();
    manifest.ofKind("MutatingWebhookConfiguration").get(0).path("webhooks").forEach(webhooks::add);
    manifest
        .ofKind("ValidatingWebhookConfiguration")
        .get(0)
        .path("webhooks")
        .forEach(webhooks::add);
    return webhooks;
  }

  private static String decode(JsonNode base64) {
    return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.US_ASCII);
  }

  private static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void objectsComeInApplyOrder() {
    ParsedManifest manifest = install();

    List<String> expected =
        new ArrayList<>(List.of("Namespace", "ServiceAccount", "Secret", "ConfigMap"));
    CustomResourceDefinitions.kinds().forEach(k -> expected.add("CustomResourceDefinition"));
    expected.addAll(
        List.of(
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Service",
            "Deployment",
            "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration"));
    assertThat(manifest.kinds()).isEqualTo(expected);
  }

  @Test
  void defaultsInstallIntoKumaSystemWithThisVersionsImages() {
    ParsedManifest manifest = install();

    String version = ClientVersion.get();
    assertThat(manifest.get("Namespace", "kuma-system").path("metadata").path("labels"))
        .hasToString("{\"kuma.io/system-namespace\":\"true\"}");
    assertThat(container(manifest).path("image").asText())
        .isEqualTo("portico/portico-cp:" + version);
    assertThat(env(manifest))
        .containsEntry("PORTICO_ENVIRONMENT", "kubernetes")
        .containsEntry("PORTICO_STORE_TYPE", "kubernetes")
        .containsEntry("PORTICO_API_SERVER_READ_ONLY", "true")
        .containsEntry("PORTICO_API_SERVER_AUTHN_LOCALHOST_IS_ADMIN", "false")
        .containsEntry("PORTICO_STORE_KUBERNETES_SYSTEM_NAMESPACE", "kuma-system")
        .containsEntry(
            "PORTICO_RUNTIME_KUBERNETES_CONTROL_PLANE_SERVICE_NAME", "kuma-control-plane")
        .containsEntry(
            "PORTICO_RUNTIME_KUBERNETES_SERVICE_ACCOUNT_NAME",
            "system:serviceaccount:kuma-system:kuma-control-plane")
        .containsEntry(
            "PORTICO_RUNTIME_KUBERNETES_ADMISSION_SERVER_CERT_DIR",
            "/var/run/secrets/kuma.io/tls-cert")
        .containsEntry(
            "PORTICO_RUNTIME_KUBERNETES_INJECTOR_SIDECAR_CONTAINER_IMAGE",
            "portico/portico-dp:" + version)
        .containsEntry(
            "PORTICO_RUNTIME_KUBERNETES_INJECTOR_CA_CERT_FILE",
            "/var/run/secrets/kuma.io/tls-cert/ca.crt")
        .containsEntry("PORTICO_GENERAL_TLS_CERT_FILE", "/var/run/secrets/kuma.io/tls-cert/tls.crt")
        .containsEntry("PORTICO_GENERAL_TLS_KEY_FILE", "/var/run/secrets/kuma.io/tls-cert/tls.key")
        .containsEntry(
            "POD_NAME",
            "<from {\"fieldRef\":{\"apiVersion\":\"v1\",\"fieldPath\":\"metadata.name\"}}>");
    assertThat(webhooks(manifest))
        .filteredOn(w -> w.path("name").asText().endsWith("-kuma-injector.kuma.io"))
        .extracting(w -> w.path("failurePolicy").asText())
        .containsExactly("Fail", "Fail");
  }

  @Test
  void namespaceFlagPlacesEveryNamespacedObjectAndReference() throws Exception {
    ParsedManifest manifest = install("--namespace", "mesh-system");

    assertThat(manifest.ofKind("Namespace"))
        .singleElement()
        .satisfies(
            n -> assertThat(n.path("metadata").path("name").asText()).isEqualTo("mesh-system"));
    for (String kind :
        List.of(
            "ServiceAccount",
            "Secret",
            "ConfigMap",
            "Role",
            "RoleBinding",
            "Service",
            "Deployment")) {
      assertThat(manifest.ofKind(kind))
          .as(kind)
          .allSatisfy(
              o ->
                  assertThat(o.path("metadata").path("namespace").asText())
                      .isEqualTo("mesh-system"));
    }
    for (String kind : List.of("ClusterRoleBinding", "RoleBinding")) {
      assertThat(manifest.ofKind(kind).get(0).path("subjects").get(0).path("namespace").asText())
          .isEqualTo("mesh-system");
    }
    assertThat(webhooks(manifest))
        .allSatisfy(
            w ->
                assertThat(w.path("clientConfig").path("service").path("namespace").asText())
                    .isEqualTo("mesh-system"));
    assertThat(env(manifest))
        .containsEntry("PORTICO_STORE_KUBERNETES_SYSTEM_NAMESPACE", "mesh-system")
        .containsEntry(
            "PORTICO_RUNTIME_KUBERNETES_SERVICE_ACCOUNT_NAME",
            "system:serviceaccount:mesh-system:kuma-control-plane");
    JsonNode catchAll =
        webhooks(manifest).stream()
            .filter(w -> w.path("name").asText().equals("kuma-injector.kuma.io"))
            .findFirst()
            .orElseThrow();
    assertThat(
            strings(
                catchAll.path("namespaceSelector").path("matchExpressions").get(0).path("values")))
        .containsExactly("kube-system", "mesh-system");
    X509Certificate server =
        certificate(decode(manifest.get("Secret", "kuma-tls-cert").path("data").path("tls.crt")));
    assertThat(server.getSubjectAlternativeNames())
        .containsExactly(
            List.of(2, "kuma-control-plane.mesh-system"),
            List.of(2, "kuma-control-plane.mesh-system.svc"));
  }

  @Test
  void imageFlagsSetTheControlPlaneAndSidecarImages() {
    ParsedManifest manifest =
        install(
            "--control-plane-image", "registry.example/cp:1.2.3",
            "--dataplane-image", "registry.example/dp:1.2.3");

    assertThat(container(manifest).path("image").asText()).isEqualTo("registry.example/cp:1.2.3");
    assertThat(env(manifest))
        .containsEntry(
            "PORTICO_RUNTIME_KUBERNETES_INJECTOR_SIDECAR_CONTAINER_IMAGE",
            "registry.example/dp:1.2.3");
  }

  @Test
  void serviceNameFlagNamesTheServiceWebhookTargetsAndCertificate() throws Exception {
    ParsedManifest manifest = install("--control-plane-service-name", "portico-cp");

    assertThat(manifest.ofKind("Service"))
        .singleElement()
        .satisfies(
            s -> assertThat(s.path("metadata").path("name").asText()).isEqualTo("portico-cp"));
    assertThat(manifest.get("Deployment", "kuma-control-plane")).isNotNull();
    assertThat(webhooks(manifest))
        .allSatisfy(
            w ->
                assertThat(w.path("clientConfig").path("service").path("name").asText())
                    .isEqualTo("portico-cp"));
    assertThat(env(manifest))
        .containsEntry("PORTICO_RUNTIME_KUBERNETES_CONTROL_PLANE_SERVICE_NAME", "portico-cp");
    X509Certificate server =
        certificate(decode(manifest.get("Secret", "kuma-tls-cert").path("data").path("tls.crt")));
    assertThat(server.getSubjectX500Principal().getName()).isEqualTo("CN=portico-cp");
    assertThat(server.getSubjectAlternativeNames())
        .containsExactly(
            List.of(2, "portico-cp.kuma-system"), List.of(2, "portico-cp.kuma-system.svc"));
  }

  @Test
  void injectorFailurePolicyFlagAppliesToTheTwoSelectingInjectorsOnly() {
    ParsedManifest manifest = install("--injector-failure-policy", "Ignore");

    Map<String, String> policies = new LinkedHashMap<>();
    webhooks(manifest)
        .forEach(w -> policies.put(w.path("name").asText(), w.path("failurePolicy").asText()));
    assertThat(policies)
        .containsExactly(
            Map.entry("owner-reference.kuma-admission.kuma.io", "Fail"),
            Map.entry("mesh.defaulter.kuma-admission.kuma.io", "Fail"),
            Map.entry("namespace-kuma-injector.kuma.io", "Ignore"),
            Map.entry("pods-kuma-injector.kuma.io", "Ignore"),
            Map.entry("kuma-injector.kuma.io", "Ignore"),
            Map.entry("validator.kuma-admission.kuma.io", "Fail"),
            Map.entry("service.validator.kuma-admission.kuma.io", "Ignore"),
            Map.entry("secret.validator.kuma-admission.kuma.io", "Ignore"));
  }

  @Test
  void envVarFlagsAreAppendedInOrderAndReplaceGeneratedOnesInPlace() {
    ParsedManifest defaults = install();
    ParsedManifest manifest =
        install(
            "--env-var", "PORTICO_XDS_SERVER_NACK_BACKOFF=10s",
            "--env-var", "PORTICO_API_SERVER_READ_ONLY=false",
            "--env-var", "JAVA_TOOL_OPTIONS=-Dx=a=b",
            "--env-var", "EMPTY=");

    List<String> names = new ArrayList<>(env(defaults).keySet());
    names.remove("POD_NAME");
    names.addAll(
        List.of("PORTICO_XDS_SERVER_NACK_BACKOFF", "JAVA_TOOL_OPTIONS", "EMPTY", "POD_NAME"));
    assertThat(env(manifest).keySet()).containsExactlyElementsOf(names);
    assertThat(env(manifest))
        .containsEntry("PORTICO_API_SERVER_READ_ONLY", "false")
        .containsEntry("PORTICO_XDS_SERVER_NACK_BACKOFF", "10s")
        .containsEntry("JAVA_TOOL_OPTIONS", "-Dx=a=b")
        .containsEntry("EMPTY", "");
  }

  @Test
  void tlsSecretHoldsAServerCertificateOfTheCaAndItsKey() throws Exception {
    ParsedManifest manifest = install();

    JsonNode secret = manifest.get("Secret", "kuma-tls-cert");
    assertThat(secret.path("type").asText()).isEqualTo("kubernetes.io/tls");
    X509Certificate ca = certificate(decode(secret.path("data").path("ca.crt")));
    X509Certificate server = certificate(decode(secret.path("data").path("tls.crt")));
    String keyPem = decode(secret.path("data").path("tls.key"));

    assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=kuma-ca");
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    ca.verify(ca.getPublicKey());
    server.verify(ca.getPublicKey());
    assertThat(server.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    assertThat(server.getSubjectX500Principal().getName()).isEqualTo("CN=kuma-control-plane");
    assertThat(server.getBasicConstraints()).isEqualTo(-1);
    assertThat(server.getExtendedKeyUsage())
        .containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(server.getSubjectAlternativeNames())
        .containsExactly(
            List.of(2, "kuma-control-plane.kuma-system"),
            List.of(2, "kuma-control-plane.kuma-system.svc"));
    for (X509Certificate cert : List.of(ca, server)) {
      assertThat(cert.getNotBefore().toInstant())
          .isEqualTo(InstallGoldenTest.NOW.minus(Duration.ofHours(1)));
      assertThat(cert.getNotAfter().toInstant())
          .isEqualTo(InstallGoldenTest.NOW.plus(Duration.ofDays(3650)));
    }
    assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----\n");
    PrivateKey key =
        KeyFactory.getInstance("RSA")
            .generatePrivate(
                new PKCS8EncodedKeySpec(
                    Base64.getMimeDecoder()
                        .decode(
                            keyPem
                                .replace("-----BEGIN PRIVATE KEY-----", "")
                                .replace("-----END PRIVATE KEY-----", ""))));
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(key);
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(server.getPublicKey());
    verifier.update(new byte[] {1, 2, 3});
    assertThat(verifier.verify(signature)).as("tls.key is the key of tls.crt").isTrue();
  }

  @Test
  void everyWebhookTrustsTheCaOfTheSecret() {
    ParsedManifest manifest = install();

    String caCrt = manifest.get("Secret", "kuma-tls-cert").path("data").path("ca.crt").asText();
    assertThat(webhooks(manifest)).hasSize(8);
    assertThat(webhooks(manifest))
        .allSatisfy(
            w -> assertThat(w.path("clientConfig").path("caBundle").asText()).isEqualTo(caCrt));
  }

  @Test
  void eachRunIssuesNewCertificates() {
    String first = install().get("Secret", "kuma-tls-cert").path("data").path("ca.crt").asText();
    String second = install().get("Secret", "kuma-tls-cert").path("data").path("ca.crt").asText();

    assertThat(first).isNotEqualTo(second);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--namespace|Kuma_System|invalid --namespace \"Kuma_System\": expected a DNS label",
        "--namespace|-system|invalid --namespace \"-system\": expected a DNS label",
        "--control-plane-service-name|1cp|invalid --control-plane-service-name \"1cp\": expected a DNS label starting with a letter",
        "--control-plane-image|'a b'|invalid --control-plane-image \"a b\": expected an image such as portico/portico-cp:1.0",
        "--dataplane-image|' '|invalid --dataplane-image \" \": expected an image such as portico/portico-dp:1.0",
        "--injector-failure-policy|Retry|invalid --injector-failure-policy \"Retry\": expected Fail or Ignore",
        "--env-var|NOVALUE|invalid --env-var \"NOVALUE\": expected NAME=VALUE",
        "--env-var|=x|invalid --env-var \"=x\": expected NAME=VALUE",
        "--env-var|1X=y|invalid --env-var \"1X=y\": expected NAME=VALUE",
      })
  void badFlagsAreUsageErrorsThatPrintNoObjects(String flag, String value, String message) {
    CliRunner.Result result = installFails(flag + "=" + value);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).startsWith("Error: " + message);
    assertThat(result.err()).contains("Run 'porticoctl install control-plane --help' for usage.");
  }

  @Test
  void failurePolicyIsCaseInsensitive() {
    ParsedManifest manifest = install("--injector-failure-policy", "ignore");

    assertThat(webhooks(manifest))
        .filteredOn(w -> w.path("name").asText().equals("pods-kuma-injector.kuma.io"))
        .extracting(w -> w.path("failurePolicy").asText())
        .containsExactly("Ignore");
  }
}
