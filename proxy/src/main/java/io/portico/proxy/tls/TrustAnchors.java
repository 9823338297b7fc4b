package io.portico.proxy.tls;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The CA certificates a peer's chain must lead to (mesh CAs, {@code client_ca_pem}, an external
 * service's CA). Compared by fingerprint.
 */
public final class TrustAnchors {
  public static final TrustAnchors NONE = new TrustAnchors(List.of());

  private final List<X509Certificate> certificates;
  private final String fingerprint;

  private TrustAnchors(List<X509Certificate> certificates) {
    this.certificates = List.copyOf(new LinkedHashSet<>(certificates));
    this.fingerprint = Fingerprints.of(this.certificates);
  }

  public static TrustAnchors of(List<X509Certificate> certificates) {
    return certificates.isEmpty() ? NONE : new TrustAnchors(certificates);
  }

  /**
   * Parses CA bundles, each a PEM text with one or more certificates.
   *
   * @throws TlsMaterialException whose message starts with {@code [index]: }
   */
  public static TrustAnchors parse(List<String> pems) throws TlsMaterialException {
    List<X509Certificate> certificates = new ArrayList<>();
    for (int i = 0; i < pems.size(); i++) {
      try {
        certificates.addAll(Pem.certificates(pems.get(i)));
      } catch (TlsMaterialException e) {
        throw new TlsMaterialException("[" + i + "]: " + e.getMessage());
      }
    }
    return of(certificates);
  }

  /** These anchors and {@code other}'s. */
  public TrustAnchors plus(TrustAnchors other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    List<X509Certificate> all = new ArrayList<>(certificates);
    all.addAll(other.certificates);
    return new TrustAnchors(all);
  }

  public List<X509Certificate> certificates() {
    return certificates;
  }

  public boolean isEmpty() {
    return certificates.isEmpty();
  }

  public String fingerprint() {
    return fingerprint;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrustAnchors other && fingerprint.equals(other.fingerprint);
  }

  @Override
  public int hashCode() {
    return fingerprint.hashCode();
  }

  @Override
  public String toString() {
    return "TrustAnchors[" + certificates.size() + ", " + fingerprint + "]";
  }
}
