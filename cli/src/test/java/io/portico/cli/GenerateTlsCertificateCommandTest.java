package io.portico.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate tls-certificate} (spec/core.md §5.8): a local self-signed pair, read by the JDK.
 */
class GenerateTlsCertificateCommandTest {
  private static final Instant NOW = Instant.parse("2024-01-02T10:00:00Z");

  @TempDir Path home;

  private CliRunner cli() {
    return new CliRunner(home, NOW);
  }

  static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  static PrivateKey key(String pem, String algorithm) throws Exception {
    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
    String base64 =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    return KeyFactory.getInstance(algorithm)
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  static boolean isPair(PrivateKey key, PublicKey publicKey, String algorithm) throws Exception {
    byte[] data = "challenge".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(data);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(publicKey);
    verifier.update(data);
    return verifier.verify(signature);
  }

  @Test
  void serverCertificateWithEcdsaKeyGoesToStandardOutput() throws Exception {
    CliRunner.Result result =
        cli()
            .run(
                "generate",
                "tls-certificate",
                "--type=server",
                "--hostname=localhost,127.0.0.1",
                "--hostname",
                "cp.example.com",
                "--key-type=ecdsa",
                "--key-file=-",
                "--cert-file=-");

    assertThat(result.exitCode()).as(result.err()).isZero();
    String out = result.out();
    int certStart = out.indexOf("-----BEGIN CERTIFICATE-----");
    assertThat(certStart).isPositive();
    PrivateKey key = key(out.substring(0, certStart), "EC");
    X509Certificate cert = certificate(out.substring(certStart));

    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
    assertThat(cert.getSubjectAlternativeNames())
        .containsExactly(
            List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(2, "cp.example.com"));
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(cert.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(cert.getNotBefore().toInstant()).isEqualTo(NOW);
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(3650)));
    assertThat(cert.getSerialNumber().signum()).isPositive();
    cert.verify(cert.getPublicKey());
    assertThat(isPair(key, cert.getPublicKey(), "SHA256withECDSA")).isTrue();
  }

  @Test
  void clientCertificateWithRsaKeyGoesToFiles() throws Exception {
    Path certFile = home.resolve("client.crt");
    Path keyFile = home.resolve("client.key");

    CliRunner.Result result =
        cli()
            .run(
                "generate",
                "tls-certificate",
                "--type",
                "client",
                "--hostname",
                "dataplane-1",
                "--cert-file",
                certFile.toString(),
                "--key-file",
                keyFile.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .isEqualTo("Private key saved in " + keyFile + "\nCertificate saved in " + certFile + "\n");
    X509Certificate cert = certificate(Files.readString(certFile));
    PrivateKey key = key(Files.readString(keyFile), "RSA");
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=dataplane-1");
    assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(2, "dataplane-1"));
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(cert.getKeyUsage()[2]).as("keyEncipherment").isTrue();
    assertThat(((RSAPrivateCrtKey) key).getModulus().bitLength()).isEqualTo(2048);
    assertThat(isPair(key, cert.getPublicKey(), "SHA256withRSA")).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
  }

  @Test
  void badArgumentsAreUsageErrorsNamingTheChoices() {
    CliRunner cli = cli();

    CliRunner.Result noType = cli.run("generate", "tls-certificate", "--hostname=a");
    CliRunner.Result badType =
        cli.run("generate", "tls-certificate", "--type=peer", "--hostname=a");
    CliRunner.Result noHost = cli.run("generate", "tls-certificate", "--type=server");
    CliRunner.Result badKey =
        cli.run("generate", "tls-certificate", "--type=server", "--hostname=a", "--key-type=dsa");

    assertThat(noType.exitCode()).isEqualTo(2);
    assertThat(noType.err())
        .startsWith("Error: missing --type: expected --type=server or --type=client");
    assertThat(badType.err())
        .startsWith("Error: invalid --type \"peer\": expected server or client");
    assertThat(noHost.err())
        .startsWith("Error: at least one hostname must be given: --hostname=HOST1[,HOST2...]");
    assertThat(badKey.err()).startsWith("Error: invalid --key-type \"dsa\": expected rsa or ecdsa");
    assertThat(List.of(badType, noHost, badKey)).allMatch(r -> r.exitCode() == 2);
  }
}
