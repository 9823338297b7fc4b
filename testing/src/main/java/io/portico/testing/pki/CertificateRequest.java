package io.portico.testing.pki;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to put in an issued certificate.
 *
 * @param commonName the subject CN
 * @param dnsNames DNS subject alternative names
 * @param ipAddresses IP subject alternative names (literal addresses)
 * @param uris URI subject alternative names, e.g. {@code spiffe://default/backend}
 * @param serverAuth whether the certificate may authenticate a TLS server
 * @param clientAuth whether the certificate may authenticate a TLS client
 * @param notBeforeOffset start of validity relative to the PKI's clock (negative = in the past)
 * @param validity how long it is valid from its start
 */
public record CertificateRequest(
    String commonName,
    List<String> dnsNames,
    List<String> ipAddresses,
    List<String> uris,
    boolean serverAuth,
    boolean clientAuth,
    Duration notBeforeOffset,
    Duration validity) {

  /** Default validity: from one hour ago until one day from now. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofHours(25);

  public CertificateRequest {
    Objects.requireNonNull(commonName, "commonName");
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
    uris = List.copyOf(uris);
    Objects.requireNonNull(notBeforeOffset, "notBeforeOffset");
    Objects.requireNonNull(validity, "validity");
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity " + validity + ": expected a positive duration");
    }
  }

  /** A server certificate for the given DNS names and IP addresses. */
  public static CertificateRequest server(List<String> dnsNames, List<String> ipAddresses) {
    String cn =
        !dnsNames.isEmpty()
            ? dnsNames.get(0)
            : ipAddresses.isEmpty() ? "server" : ipAddresses.get(0);
    return new CertificateRequest(
        cn, dnsNames, ipAddresses, List.of(), true, false, Duration.ofHours(-1), DEFAULT_VALIDITY);
  }

  /** A client certificate (mesh identity) for the given URIs. */
  public static CertificateRequest client(List<String> uris) {
    String cn = uris.isEmpty() ? "client" : uris.get(0);
    return new CertificateRequest(
        cn, List.of(), List.of(), uris, false, true, Duration.ofHours(-1), DEFAULT_VALIDITY);
  }

  /** The same request with another validity window, e.g. an expired certificate. */
  public CertificateRequest withValidity(Duration notBeforeOffset, Duration validity) {
    return new CertificateRequest(
        commonName, dnsNames, ipAddresses, uris, serverAuth, clientAuth, notBeforeOffset, validity);
  }
}
