package io.portico.mesh.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.portico.mesh.api.DataSource;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.SpecValues;
import java.util.Map;

/**
 * The spec of an ExternalService (spec/core.md §3.4): a service outside the mesh, reached at {@code
 * networking.address}, known in the mesh by its {@code kuma.io/service} tag. Not a policy.
 *
 * @param networking where and how to reach it
 * @param tags its tags; {@code kuma.io/service} required, {@code kuma.io/protocol} optional
 */
public record ExternalServiceSpec(Networking networking, Map<String, String> tags)
    implements ResourceSpec {
  public ExternalServiceSpec {
    tags = SpecValues.tags(tags);
  }

  /**
   * Where and how to reach the service.
   *
   * @param address {@code host:port}
   * @param tls TLS toward the service
   * @param disableHostDNSEntry whether Kuma DNS does not resolve the host of {@code address}
   */
  public record Networking(String address, Tls tls, boolean disableHostDNSEntry) {
    public Networking {
      address = SpecValues.text(address);
    }
  }

  /**
   * TLS toward the service, originated by the proxy.
   *
   * @param enabled whether to originate TLS
   * @param caCert CA to verify the server with
   * @param clientCert client certificate to present
   * @param clientKey key of the client certificate
   * @param allowRenegotiation whether the server may renegotiate
   * @param serverName SNI and name to verify; unset means the host of {@code address}, set means
   *     non-empty
   */
  public record Tls(
      boolean enabled,
      DataSource caCert,
      DataSource clientCert,
      DataSource clientKey,
      boolean allowRenegotiation,
      @JsonInclude(JsonInclude.Include.NON_NULL) String serverName) {}
}
