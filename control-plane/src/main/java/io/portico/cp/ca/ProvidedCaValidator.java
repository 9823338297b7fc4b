package io.portico.cp.ca;

import io.portico.cp.compiler.MeshSnapshot.ResolvedData;
import io.portico.cp.pem.Pem;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Checks the material of a {@code provided} CA backend (spec/core.md §1.2, Kuma's {@code
 * pkg/plugins/ca/provided/ca_cert_validator.go}): the certificate (maybe a chain) parses, its first
 * certificate has BasicConstraints CA=true, KeyUsage keyCertSign and not keyAgreement; the key
 * parses and is the key of the first certificate. Each problem is a violation at {@code conf.cert}
 * or {@code conf.key}, with Kuma's wording where Kuma has one. Pure.
 */
final class ProvidedCaValidator {
  private static final int KEY_USAGE_KEY_AGREEMENT = 4;
  private static final int KEY_USAGE_KEY_CERT_SIGN = 5;

  private ProvidedCaValidator() {}

  /**
   * @param cert the content of {@code conf.cert}
   * @param key the content of {@code conf.key}
   * @param conf where to report, {@code mtls.backends[i].conf}
   */
  static void validate(ResolvedData cert, ResolvedData key, Path conf, Errors errors) {
    Path certPath = conf.field("cert");
    Path keyPath = conf.field("key");
    X509Certificate first = null;
    if (!cert.isResolved()) {
      errors.add(certPath, "could not load the CA certificate: " + cert.error());
    } else {
      try {
        List<X509Certificate> chain = Pem.certificates(cert.content());
        first = chain.get(0);
        checkCa(first, certPath, errors);
      } catch (IllegalArgumentException e) {
        errors.add(certPath, "could not parse the CA certificate: " + e.getMessage());
      }
    }
    if (!key.isResolved()) {
      errors.add(keyPath, "could not load the CA key: " + key.error());
      return;
    }
    PrivateKey privateKey;
    try {
      privateKey = Pem.privateKey(key.content());
    } catch (IllegalArgumentException e) {
      errors.add(keyPath, "could not parse the CA key: " + e.getMessage());
      return;
    }
    if (first != null && !Pem.isPair(privateKey, first.getPublicKey())) {
      errors.add(
          keyPath,
          "the key does not match the CA certificate: expected the private key of the first"
              + " certificate of conf.cert");
    }
  }

  private static void checkCa(X509Certificate certificate, Path certPath, Errors errors) {
    if (certificate.getBasicConstraints() < 0) {
      errors.add(certPath, "basic constraint 'CA' is not set: expected a CA certificate (CA:true)");
    }
    boolean[] usage = certificate.getKeyUsage();
    if (usage == null
        || usage.length <= KEY_USAGE_KEY_CERT_SIGN
        || !usage[KEY_USAGE_KEY_CERT_SIGN]) {
      errors.add(certPath, "key usage extension 'keyCertSign' must be set");
    }
    if (usage != null && usage.length > KEY_USAGE_KEY_AGREEMENT && usage[KEY_USAGE_KEY_AGREEMENT]) {
      errors.add(certPath, "key usage extension 'keyAgreement' must NOT be set");
    }
  }
}
