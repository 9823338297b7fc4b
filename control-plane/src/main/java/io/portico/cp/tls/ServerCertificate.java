package io.portico.cp.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A server certificate chain and its private key.
 *
 * @param chain the leaf first
 * @param key the leaf's private key
 */
public record ServerCertificate(List<X509Certificate> chain, PrivateKey key) {
  public static final String ALIAS = "portico-cp";

  public ServerCertificate {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a server certificate needs at least one certificate");
    }
    Objects.requireNonNull(key, "key");
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  /** An in-memory PKCS#12 key store holding the pair under {@link #ALIAS}. */
  public KeyStore toKeyStore(char[] password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(ALIAS, key, password, chain.toArray(new Certificate[0]));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a key store: " + e.getMessage(), e);
    }
  }
}
