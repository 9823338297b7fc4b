package io.portico.cli.install;

import java.util.Objects;

/**
 * The control plane's TLS material, PEM-encoded, as the Secret {@code kuma-tls-cert} holds it: the
 * server certificate ({@code tls.crt}) and its PKCS#8 key ({@code tls.key}) used by the admission
 * server, the HTTPS API and the DP server, and the CA that issued it ({@code ca.crt}, also the
 * webhooks' {@code caBundle} and the CA the proxies trust).
 */
record ControlPlaneTls(String caCertPem, String certPem, String keyPem) {
  ControlPlaneTls {
    Objects.requireNonNull(caCertPem, "caCertPem");
    Objects.requireNonNull(certPem, "certPem");
    Objects.requireNonNull(keyPem, "keyPem");
  }
}
