package io.portico.cp.ca;

import static io.portico.cp.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.cp.ApiClient;
import io.portico.cp.ControlPlane;
import io.portico.cp.TestCas;
import io.portico.cp.TestControlPlanes;
import io.portico.cp.pem.Pem;
import io.portico.mesh.api.types.ResourceTypes;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mesh CAs through the API (spec/core.md §1.2, §1.4): builtin CAs generated with the Mesh and never
 * overwritten, provided CAs checked on every Mesh write, no CA switch that breaks trust while mTLS
 * is on, CA secrets deleted with the Mesh.
 */
class MeshCaApiTest {
  @TempDir Path workDir;
  ControlPlane cp;
  ApiClient api;

  @BeforeEach
  void start() {
    cp = TestControlPlanes.start(workDir, Map.of("PORTICO_DEFAULTS_SKIP_MESH_CREATION", "true"));
    api = ApiClient.of(cp);
  }

  @AfterEach
  void stop() {
    cp.close();
  }

  static String builtinMesh(String mesh, String enabled, String... backends) {
    StringBuilder list = new StringBuilder();
    for (String b : backends) {
      list.append(list.length() == 0 ? "" : ",")
          .append("{\"name\":\"")
          .append(b)
          .append("\",\"type\":\"builtin\",\"conf\":{\"caCert\":{\"expiration\":\"1y\"}}}");
    }
    return "{\"type\":\"Mesh\",\"name\":\""
        + mesh
        + "\",\"mtls\":{\"enabledBackend\":\""
        + enabled
        + "\",\"backends\":["
        + list
        + "]}}";
  }

  static String providedMesh(String mesh, String cert, String key) {
    return "{\"type\":\"Mesh\",\"name\":\""
        + mesh
        + "\",\"mtls\":{\"enabledBackend\":\"ca-1\",\"backends\":[{\"name\":\"ca-1\","
        + "\"type\":\"provided\",\"conf\":{\"cert\":"
        + cert
        + ",\"key\":"
        + key
        + "}}]}}";
  }

  static String inlineString(String pem) {
    return "{\"inlineString\":" + io.portico.cp.dpserver.JsonText.quote(pem) + "}";
  }

  private void put(String path, String body, int... expected) {
    HttpResponse<String> response = api.put(path, body);
    assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
  }

  private String secretData(String mesh, String name) {
    HttpResponse<String> response = api.get("/meshes/" + mesh + "/secrets/" + name);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new String(
        Base64.getDecoder().decode(json(response).path("data").asText()), StandardCharsets.UTF_8);
  }

  private JsonNode causes(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    return json(response).path("causes");
  }

  @Test
  void builtinCaIsGeneratedWithTheMesh() throws Exception {
    put("/meshes/secure", builtinMesh("secure", "ca-1", "ca-1"));

    X509Certificate ca =
        Pem.certificates(secretData("secure", "secure.ca-builtin-cert-ca-1")).get(0);
    String key = secretData("secure", "secure.ca-builtin-key-ca-1");

    assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=secure,OU=Mesh,O=Portico");
    assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    assertThat(ca.getSubjectAlternativeNames()).containsExactly(List.of(6, "spiffe://secure"));
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    boolean[] usage = ca.getKeyUsage();
    assertThat(usage[5]).as("keyCertSign").isTrue();
    assertThat(usage[6]).as("cRLSign").isTrue();
    assertThat(usage[0]).as("digitalSignature").isFalse();
    assertThat(ca.getSerialNumber().signum()).isPositive();
    assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("RSA");
    assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()))
        .isEqualTo(Duration.ofDays(365).plusSeconds(10));
    ca.verify(ca.getPublicKey());
    assertThat(key).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(Pem.isPair(Pem.privateKey(key), ca.getPublicKey())).isTrue();
  }

  @Test
  void builtinCaSecretsAreNotOverwrittenOnUpdate() {
    put("/meshes/secure", builtinMesh("secure", "", "ca-1"));
    String cert = secretData("secure", "secure.ca-builtin-cert-ca-1");
    String key = secretData("secure", "secure.ca-builtin-key-ca-1");

    put("/meshes/secure", builtinMesh("secure", "ca-1", "ca-1"));
    put("/meshes/secure", builtinMesh("secure", "ca-1", "ca-1", "ca-2"));

    assertThat(secretData("secure", "secure.ca-builtin-cert-ca-1")).isEqualTo(cert);
    assertThat(secretData("secure", "secure.ca-builtin-key-ca-1")).isEqualTo(key);
    assertThat(secretData("secure", "secure.ca-builtin-cert-ca-2")).isNotEqualTo(cert);
  }

  @Test
  void aMissingKeyBesideAnExistingCertificateIsReportedNotReplaced() {
    put("/meshes/secure", builtinMesh("secure", "ca-1", "ca-1"));
    String cert = secretData("secure", "secure.ca-builtin-cert-ca-1");
    assertThat(api.delete("/meshes/secure/secrets/secure.ca-builtin-key-ca-1").statusCode())
        .isEqualTo(200);

    HttpResponse<String> response =
        api.put("/meshes/secure", builtinMesh("secure", "ca-1", "ca-1"));

    assertThat(causes(response).toString())
        .contains("\"field\":\"mtls.backends[0]\"")
        .contains("the CA secret \\\"secure.ca-builtin-key-ca-1\\\" is missing");
    assertThat(secretData("secure", "secure.ca-builtin-cert-ca-1")).isEqualTo(cert);
  }

  @Test
  void aMissingCertificateIsRemadeFromTheStoredKey() throws Exception {
    put("/meshes/secure", builtinMesh("secure", "ca-1", "ca-1"));
    String key = secretData("secure", "secure.ca-builtin-key-ca-1");
    api.delete("/meshes/secure/secrets/secure.ca-builtin-cert-ca-1");

    put("/meshes/secure", builtinMesh("secure", "ca-1", "ca-1"));

    X509Certificate ca =
        Pem.certificates(secretData("secure", "secure.ca-builtin-cert-ca-1")).get(0);
    assertThat(secretData("secure", "secure.ca-builtin-key-ca-1")).isEqualTo(key);
    assertThat(Pem.isPair(Pem.privateKey(key), ca.getPublicKey())).isTrue();
  }

  @Test
  void aSwitchThatWouldBreakTrustWhileMtlsIsOnIsRefused() {
    put("/meshes/secure", builtinMesh("secure", "ca-1", "ca-1"));

    HttpResponse<String> response =
        api.put("/meshes/secure", builtinMesh("secure", "ca-2", "ca-1", "ca-2"));

    assertThat(causes(response).toString())
        .isEqualTo(
            "[{\"field\":\"mtls.enabledBackend\",\"message\":\"switching the CA from"
                + " \\\"ca-1\\\" to \\\"ca-2\\\" while mTLS is on must keep both trusted:"
                + " first add the new backend, then switch enabledBackend to it, then remove the"
                + " old one\"}]");
    // Kong Mesh's rotation: add the new backend, switch to it, remove the old one.
    put("/meshes/secure", builtinMesh("secure", "ca-1", "ca-1", "ca-2"));
    put("/meshes/secure", builtinMesh("secure", "ca-2", "ca-1", "ca-2"));
    put("/meshes/secure", builtinMesh("secure", "ca-2", "ca-2"));
  }

  @Test
  void deletingTheMeshDeletesItsCaSecrets() {
    put("/meshes/secure", builtinMesh("secure", "ca-1", "ca-1"));

    assertThat(api.delete("/meshes/secure").statusCode()).isEqualTo(200);

    for (String name : List.of("secure.ca-builtin-cert-ca-1", "secure.ca-builtin-key-ca-1")) {
      assertThat(cp.manager().store().get(ResourceTypes.SECRET, "secure", name)).isEmpty();
    }
  }

  @Test
  void providedCaFromInlineStringsIsAccepted() {
    TestCas.Material ca = TestCas.ca("provided-root");

    put(
        "/meshes/prov",
        providedMesh("prov", inlineString(ca.certPem()), inlineString(ca.keyPem())));

    assertThat(api.get("/meshes/prov").statusCode()).isEqualTo(200);
  }

  @Test
  void providedCaFromSecretsFilesAndInlineBase64IsAccepted() throws Exception {
    TestCas.Material ca = TestCas.ca("provided-root");
    put("/meshes/prov", "{\"type\":\"Mesh\",\"name\":\"prov\"}");
    put(
        "/meshes/prov/secrets/ca-cert",
        "{\"type\":\"Secret\",\"mesh\":\"prov\",\"name\":\"ca-cert\",\"data\":\""
            + ca.certBase64()
            + "\"}");
    Path keyFile = workDir.resolve("ca.key");
    Files.writeString(keyFile, ca.keyPem());

    put(
        "/meshes/prov",
        providedMesh(
            "prov",
            "{\"secret\":\"ca-cert\"}",
            "{\"file\":" + io.portico.cp.dpserver.JsonText.quote(keyFile.toString()) + "}"));
    put(
        "/meshes/prov",
        providedMesh(
            "prov",
            "{\"inline\":\"" + ca.certBase64() + "\"}",
            "{\"inline\":\"" + ca.keyBase64() + "\"}"));
  }

  @Test
  void providedCaThatIsNotACaIsRefused() {
    TestCas.Material leaf = TestCas.certificate("leaf", false, KeyUsage.digitalSignature);

    HttpResponse<String> response =
        api.put(
            "/meshes/prov",
            providedMesh("prov", inlineString(leaf.certPem()), inlineString(leaf.keyPem())));

    assertThat(causes(response).toString())
        .isEqualTo(
            "[{\"field\":\"mtls.backends[0].conf.cert\",\"message\":\"basic constraint 'CA' is"
                + " not set: expected a CA certificate (CA:true)\"},"
                + "{\"field\":\"mtls.backends[0].conf.cert\",\"message\":\"key usage extension"
                + " 'keyCertSign' must be set\"}]");
    assertThat(api.get("/meshes/prov").statusCode()).isEqualTo(404);
  }

  @Test
  void providedCaWithKeyAgreementIsRefused() {
    TestCas.Material ca =
        TestCas.certificate("root", true, KeyUsage.keyCertSign | KeyUsage.keyAgreement);

    HttpResponse<String> response =
        api.put(
            "/meshes/prov",
            providedMesh("prov", inlineString(ca.certPem()), inlineString(ca.keyPem())));

    assertThat(causes(response).toString())
        .isEqualTo(
            "[{\"field\":\"mtls.backends[0].conf.cert\",\"message\":\"key usage extension"
                + " 'keyAgreement' must NOT be set\"}]");
  }

  @Test
  void providedCaWithoutKeyUsageIsRefused() {
    TestCas.Material ca = TestCas.certificate("root", true, 0);

    HttpResponse<String> response =
        api.put(
            "/meshes/prov",
            providedMesh("prov", inlineString(ca.certPem()), inlineString(ca.keyPem())));

    assertThat(causes(response).toString())
        .isEqualTo(
            "[{\"field\":\"mtls.backends[0].conf.cert\",\"message\":\"key usage extension"
                + " 'keyCertSign' must be set\"}]");
  }

  @Test
  void providedCaWithAnotherCertificatesKeyIsRefused() {
    TestCas.Material ca = TestCas.ca("root");
    TestCas.Material other = TestCas.ca("other");

    HttpResponse<String> response =
        api.put(
            "/meshes/prov",
            providedMesh("prov", inlineString(ca.certPem()), inlineString(other.keyPem())));

    assertThat(causes(response).toString())
        .isEqualTo(
            "[{\"field\":\"mtls.backends[0].conf.key\",\"message\":\"the key does not match the"
                + " CA certificate: expected the private key of the first certificate of"
                + " conf.cert\"}]");
  }

  @Test
  void providedCaThatDoesNotParseIsRefusedAtEachField() {
    HttpResponse<String> response =
        api.put(
            "/meshes/prov",
            providedMesh("prov", inlineString("not a certificate"), inlineString("not a key")));

    assertThat(causes(response).toString())
        .isEqualTo(
            "[{\"field\":\"mtls.backends[0].conf.cert\",\"message\":\"could not parse the CA"
                + " certificate: expected at least one PEM CERTIFICATE block but found none\"},"
                + "{\"field\":\"mtls.backends[0].conf.key\",\"message\":\"could not parse the CA"
                + " key: expected a PEM RSA PRIVATE KEY, EC PRIVATE KEY or PRIVATE KEY block but"
                + " found none\"}]");
  }

  @Test
  void providedCaFromAMissingFileIsRefused() {
    TestCas.Material ca = TestCas.ca("root");
    String missing = workDir.resolve("missing.pem").toString();

    HttpResponse<String> response =
        api.put(
            "/meshes/prov",
            providedMesh(
                "prov",
                "{\"file\":" + io.portico.cp.dpserver.JsonText.quote(missing) + "}",
                inlineString(ca.keyPem())));

    JsonNode causes = causes(response);
    assertThat(causes).hasSize(1);
    assertThat(causes.path(0).path("field").asText()).isEqualTo("mtls.backends[0].conf.cert");
    assertThat(causes.path(0).path("message").asText())
        .startsWith(
            "could not load the CA certificate: file \""
                + missing
                + "\" cannot be read on the"
                + " control plane");
  }

  @Test
  void providedCaFromAMissingSecretIsRefused() {
    put("/meshes/prov", "{\"type\":\"Mesh\",\"name\":\"prov\"}");

    HttpResponse<String> response =
        api.put(
            "/meshes/prov", providedMesh("prov", "{\"secret\":\"nope\"}", "{\"secret\":\"nope\"}"));

    assertThat(causes(response).toString())
        .contains(
            "{\"field\":\"mtls.backends[0].conf.cert.secret\",\"message\":\"secret \\\"nope\\\""
                + " not found in mesh \\\"prov\\\"\"}");
  }
}
