package io.portico.cp.compiler.tls;

import io.portico.cp.compiler.context.DataSourceContents;
import io.portico.cp.compiler.context.MeshMtls;
import io.portico.cp.compiler.plan.DownstreamTlsPlan;
import io.portico.cp.compiler.plan.UpstreamTlsPlan;
import io.portico.mesh.api.DataSource;
import io.portico.mesh.api.dataplane.NetworkAddresses;
import io.portico.mesh.api.policy.ExternalServiceSpec;
import io.portico.mesh.api.validation.TagRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TLS a proxy originates toward a cluster:
 *
 * <ul>
 *   <li>a mesh service of an mTLS mesh (spec/core.md §1.2, §7.6 step 3): the proxy's identity as
 *       client certificate, ALPN {@code kuma}, the server must be {@code spiffe://<mesh>/<service>}
 *       and chain to the mesh's CAs; no SNI: the identity is checked by URI SAN, and Kuma's
 *       tag-encoded SNI ({@code web{version=v2}}, spec/core.md §7.6) only serves zone ingresses,
 *       which Portico does not have yet (and is not a host name a TLS client may send);
 *   <li>a crossMesh gateway of another mesh (spec/gateway.md §5.3): the same with that mesh's name
 *       in the URI and that mesh's CAs to trust;
 *   <li>an ExternalService with {@code networking.tls.enabled} (spec/core.md §3.4): SNI {@code
 *       serverName}, else the host of its address when it is a name; verified against {@code
 *       caCert} when set, not verified at all otherwise (as Kuma 2.0, which sets no validation
 *       context then); no identity.
 * </ul>
 */
public final class UpstreamTlsPlans {
  private static final Pattern CERTIFICATE =
      Pattern.compile(
          "-----BEGIN CERTIFICATE-----\\r?\\n[A-Za-z0-9+/=\\s]+-----END CERTIFICATE-----");

  private UpstreamTlsPlans() {}

  /** mTLS toward a service of this mesh, for a destination tag map naming it. */
  public static UpstreamTlsPlan meshService(MeshMtls mtls, Map<String, String> destination) {
    String service = destination.getOrDefault(TagRules.SERVICE, "");
    return new UpstreamTlsPlan(
        "",
        List.of(mtls.serviceUri(service)),
        List.of(DownstreamTlsPlan.KUMA_ALPN),
        true,
        List.of(),
        false);
  }

  /**
   * mTLS toward the crossMesh gateway {@code service} of {@code mesh}, trusting that mesh's CAs.
   *
   * @param destination the outbound's tags (with {@code kuma.io/mesh})
   */
  public static UpstreamTlsPlan crossMesh(
      String mesh, Map<String, String> destination, List<String> trustedCaPems) {
    String service = destination.getOrDefault(TagRules.SERVICE, "");
    return new UpstreamTlsPlan(
        "",
        List.of(MeshMtls.serviceUri(mesh, service)),
        List.of(DownstreamTlsPlan.KUMA_ALPN),
        true,
        trustedCaPems,
        false);
  }

  /**
   * TLS toward an ExternalService; null when its TLS is not enabled.
   *
   * @param notes receives what cannot be honoured but does not prevent TLS (a client certificate:
   *     the contract has no field for it)
   * @throws IllegalArgumentException when {@code caCert} did not resolve or holds no certificate
   */
  public static UpstreamTlsPlan externalService(
      ExternalServiceSpec spec, DataSourceContents contents, List<String> notes) {
    ExternalServiceSpec.Networking networking = spec.networking();
    ExternalServiceSpec.Tls tls = networking == null ? null : networking.tls();
    if (tls == null || !tls.enabled()) {
      return null;
    }
    String sni = tls.serverName() != null && !tls.serverName().isEmpty() ? tls.serverName() : "";
    if (sni.isEmpty()) {
      String host = host(networking.address());
      sni = NetworkAddresses.isSniHostName(host) ? host : "";
    }
    List<String> trusted = new ArrayList<>();
    DataSource caCert = tls.caCert();
    if (caCert != null && !caCert.isEmpty()) {
      DataSourceContents.Content content = contents.get(caCert);
      String name = "caCert " + DataSourceContents.describe(caCert);
      if (!content.isResolved()) {
        throw new IllegalArgumentException(name + ": " + content.error());
      }
      trusted.addAll(certificates(name, content.text()));
    }
    if (isSet(tls.clientCert()) || isSet(tls.clientKey())) {
      notes.add(
          "clientCert/clientKey are not presented: the proxy contract has no client certificate"
              + " for ExternalServices yet");
    }
    return new UpstreamTlsPlan(sni, List.of(), List.of(), false, trusted, trusted.isEmpty());
  }

  /** The CERTIFICATE blocks of a CA bundle, each as one PEM. */
  static List<String> certificates(String name, String pem) {
    List<String> out = new ArrayList<>();
    Matcher matcher = CERTIFICATE.matcher(pem.replace("\r\n", "\n"));
    while (matcher.find()) {
      out.add(matcher.group() + "\n");
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(name + " holds no PEM certificate");
    }
    return out;
  }

  private static boolean isSet(DataSource source) {
    return source != null && !source.isEmpty();
  }

  /** The host of {@code host:port} or {@code [v6]:port}. */
  private static String host(String address) {
    int colon = address.lastIndexOf(':');
    String host = colon <= 0 ? address : address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host;
  }
}
