package io.portico.cp.compiler.tls;

import io.portico.cp.compiler.context.DataSourceContents;
import io.portico.cp.compiler.plan.ServerCertificatePlan;
import io.portico.mesh.api.DataSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The server certificates of one host of an HTTPS listener (spec/gateway.md §2.7, §1.2): one entry
 * per certificate data source of the listener's {@code tls.certificates} (one or two, of different
 * key types: RSA and ECDSA), each for the host's name ({@code *} = no name: the default chain).
 */
public final class ServerCertificates {
  /** At most this many certificates per listener (one RSA, one ECDSA). */
  static final int MAX_CERTIFICATES = 2;

  private ServerCertificates() {}

  /**
   * The certificates of a host.
   *
   * @param hostname the host name, {@code *.suffix} or {@code *}
   * @param sources the listener's certificate data sources
   * @param contents what the control plane resolved them to
   * @throws IllegalArgumentException naming the data source and what is wrong with it
   */
  public static List<ServerCertificatePlan> forHost(
      String hostname, List<DataSource> sources, DataSourceContents contents) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("tls.certificates is empty");
    }
    if (sources.size() > MAX_CERTIFICATES) {
      throw new IllegalArgumentException(
          "tls.certificates has " + sources.size() + " entries, at most 2 are allowed");
    }
    List<String> serverNames = hostname.equals("*") ? List.of() : List.of(hostname);
    List<ServerCertificatePlan> out = new ArrayList<>();
    for (DataSource source : sources) {
      PemBundle bundle = bundle(source, contents);
      for (ServerCertificatePlan other : out) {
        if (other.keyType() == bundle.keyType()) {
          throw new IllegalArgumentException(
              "tls.certificates has two "
                  + bundle.keyType()
                  + " certificates, expected one RSA and one ECDSA at most");
        }
      }
      out.add(
          new ServerCertificatePlan(
              serverNames, bundle.keyType(), bundle.chainPem(), bundle.privateKeyPem()));
    }
    return out;
  }

  private static PemBundle bundle(DataSource source, DataSourceContents contents) {
    String name = "certificate " + (source == null ? "null" : DataSourceContents.describe(source));
    if (source == null || source.isEmpty()) {
      throw new IllegalArgumentException(name + " is not set");
    }
    DataSourceContents.Content content = contents.get(source);
    if (!content.isResolved()) {
      throw new IllegalArgumentException(name + ": " + content.error());
    }
    try {
      return PemBundle.parse(content.text());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " " + e.getMessage(), e);
    }
  }
}
