package io.portico.proxy.stream;

import java.util.Objects;

/** How the proxy decides whether to trust the control plane's certificate. */
public sealed interface ControlPlaneTrust {
  /**
   * Verify the server's chain against these CA certificates and its name against the host of {@code
   * --cp-address}.
   *
   * @param pem one or more PEM certificates
   * @param source where they came from, for messages (a file name or an environment variable)
   */
  record CaCertificates(String pem, String source) implements ControlPlaneTrust {
    public CaCertificates {
      Objects.requireNonNull(pem, "pem");
      Objects.requireNonNull(source, "source");
    }
  }

  /**
   * Accept any certificate, as kuma-dp does for its bootstrap request when no CA is given
   * (spec/core.md §6.4). Anyone on the path can impersonate the control plane; the run command
   * warns about it.
   */
  record Unverified() implements ControlPlaneTrust {}
}
