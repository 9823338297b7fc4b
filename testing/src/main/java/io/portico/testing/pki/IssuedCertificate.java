package io.portico.testing.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * A certificate with its private key and the chain up to (excluding) the root CA.
 *
 * @param certificate the leaf certificate
 * @param privateKey its key
 * @param issuer the CA certificate that signed it (for trust stores)
 */
public record IssuedCertificate(
    X509Certificate certificate, PrivateKey privateKey, X509Certificate issuer) {
  public IssuedCertificate {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(issuer, "issuer");
  }

  /** The leaf certificate as PEM. */
  public String certificatePem() {
    return pem(List.of(certificate));
  }

  /** The private key as an unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
  public String privateKeyPem() {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(new JcaPKCS8Generator(privateKey, null));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode private key as PEM", e);
    }
    return out.toString();
  }

  /** The issuing CA certificate as PEM. */
  public String issuerPem() {
    return pem(List.of(issuer));
  }

  /**
   * Writes {@code <baseName>.crt}, {@code <baseName>.key} and {@code <baseName>-ca.crt} into {@code
   * directory}.
   */
  public PemFiles writeTo(Path directory, String baseName) {
    try {
      Files.createDirectories(directory);
      Path cert = directory.resolve(baseName + ".crt");
      Path key = directory.resolve(baseName + ".key");
      Path ca = directory.resolve(baseName + "-ca.crt");
      Files.writeString(cert, certificatePem(), StandardCharsets.US_ASCII);
      Files.writeString(key, privateKeyPem(), StandardCharsets.US_ASCII);
      Files.writeString(ca, issuerPem(), StandardCharsets.US_ASCII);
      return new PemFiles(cert, key, ca);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write PEM files to " + directory, e);
    }
  }

  /** Where {@link #writeTo} put the files. */
  public record PemFiles(Path certificate, Path privateKey, Path issuer) {}

  static String pem(List<?> objects) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (Object object : objects) {
        writer.writeObject(object);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode as PEM", e);
    }
    return out.toString();
  }
}
