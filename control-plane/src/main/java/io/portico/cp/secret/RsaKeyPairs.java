package io.portico.cp.secret;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

/**
 * Where new RSA-2048 key pairs come from (signing keys, the server certificate, builtin mesh CAs of
 * the default size). Generating one takes about a second on a small machine, so tests inject a
 * source that reuses a few.
 */
@FunctionalInterface
public interface RsaKeyPairs {
  int KEY_BITS = 2048;

  /** A new RSA-2048 key pair. */
  KeyPair generate();

  /** Fresh keys from the JVM's RSA generator. */
  static RsaKeyPairs fresh() {
    return () -> {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(KEY_BITS);
        return generator.generateKeyPair();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("RSA key generation is not available in this JVM", e);
      }
    };
  }
}
