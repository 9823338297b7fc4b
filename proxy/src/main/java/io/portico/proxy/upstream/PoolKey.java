package io.portico.proxy.upstream;

import io.portico.proxy.tls.ClientTls;
import java.util.Objects;

/**
 * What a pool's connections are for: an endpoint (address and protocol) and the TLS they were
 * opened with ({@code null} = plaintext). {@link ClientTls} compares by settings and by the
 * fingerprints of the client certificate and trusted CAs, so a new identity or a new CA gets new
 * pools, while connections of the old ones finish and idle out.
 */
record PoolKey(EndpointKey endpoint, ClientTls tls) {
  PoolKey {
    Objects.requireNonNull(endpoint, "endpoint");
  }

  @Override
  public String toString() {
    return tls == null
        ? endpoint.toString()
        : endpoint + "/tls:" + tls.clientCertificateFingerprint();
  }
}
