package io.portico.proxy.tls;

import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.portico.proxy.routing.HostTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLHandshakeException;

/**
 * The compiled downstream TLS of one listener: a server context per server name, chosen by the
 * client's SNI (spec gateway.md §2.7): the exact name, else the longest matching {@code *.suffix}
 * (one or more leading labels), else the default chain (no server names, or {@code *}). No match
 * and no default: the handshake fails and the connection closes.
 *
 * <p>Immutable; compared by its settings (certificate fingerprints, not object identity).
 */
public final class ServerTls {
  /** How long a client may take to complete its handshake. */
  public static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

  private final HostTable<SslContext> contexts;
  private final Spec spec;

  /**
   * What a listener's TLS is made of.
   *
   * @param chains certificate chains with the server names they serve (none = the default)
   * @param clientTrust CAs a client certificate must chain to; empty = no client certificate
   *     requested
   * @param clientUriPrefixes a client certificate must have a URI SAN with one of these; empty =
   *     any
   * @param alpn protocols offered by ALPN, in preference order
   * @param permissive plaintext connections are accepted too (TLS detected on the first bytes)
   */
  public record Spec(
      List<ServerChain> chains,
      TrustAnchors clientTrust,
      List<String> clientUriPrefixes,
      List<String> alpn,
      boolean permissive) {
    public Spec {
      chains = List.copyOf(chains);
      Objects.requireNonNull(clientTrust, "clientTrust");
      clientUriPrefixes = List.copyOf(clientUriPrefixes);
      alpn = List.copyOf(alpn);
    }
  }

  /** A chain and the server names it serves; no names = the default chain. */
  public record ServerChain(List<String> serverNames, CertificateChain chain) {
    public ServerChain {
      serverNames = List.copyOf(serverNames);
      Objects.requireNonNull(chain, "chain");
    }
  }

  private ServerTls(HostTable<SslContext> contexts, Spec spec) {
    this.contexts = contexts;
    this.spec = spec;
  }

  static ServerTls build(Spec spec, TlsContexts.Compilation compilation)
      throws TlsMaterialException {
    if (spec.chains().isEmpty()) {
      throw new TlsMaterialException("at least one certificate chain is needed");
    }
    Map<String, List<CertificateChain>> byName = new LinkedHashMap<>();
    for (ServerChain chain : spec.chains()) {
      List<String> names = chain.serverNames().isEmpty() ? List.of("*") : chain.serverNames();
      for (String name : names) {
        List<CertificateChain> chains =
            byName.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>(1));
        for (CertificateChain other : chains) {
          if (other.keyAlgorithm().equals(chain.chain().keyAlgorithm())) {
            throw new TlsMaterialException(
                "server name \""
                    + name
                    + "\" has two "
                    + other.keyAlgorithm()
                    + " certificate chains (at most one per key algorithm)");
          }
        }
        chains.add(chain.chain());
      }
    }
    HostTable.Builder<SslContext> table = HostTable.builder();
    for (Map.Entry<String, List<CertificateChain>> entry : byName.entrySet()) {
      SslContext context =
          compilation.serverContext(
              entry.getValue(), spec.clientTrust(), spec.clientUriPrefixes(), spec.alpn());
      try {
        table.add(entry.getKey(), context);
      } catch (IllegalArgumentException e) {
        throw new TlsMaterialException(e.getMessage());
      }
    }
    return new ServerTls(table.build(), spec);
  }

  /**
   * A new handshake stage for an accepted connection: reads the ClientHello, picks the context by
   * SNI and replaces itself with that context's {@code SslHandler}.
   */
  public ChannelHandler newHandshakeHandler() {
    return new SniHandler(this::select, HANDSHAKE_TIMEOUT_MILLIS);
  }

  private SslContext select(String serverName) {
    return contexts
        .find(serverName == null ? "" : serverName)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    new SSLHandshakeException(
                        "no certificate for server name \""
                            + (serverName == null ? "" : serverName)
                            + "\" and no default certificate")));
  }

  /** Whether plaintext connections are accepted too. */
  public boolean isPermissive() {
    return spec.permissive();
  }

  /** Whether clients must present a certificate. */
  public boolean requiresClientCertificate() {
    return !spec.clientTrust().isEmpty();
  }

  /** The protocols offered by ALPN. */
  public List<String> alpn() {
    return spec.alpn();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServerTls other && spec.equals(other.spec);
  }

  @Override
  public int hashCode() {
    return spec.hashCode();
  }

  @Override
  public String toString() {
    return "ServerTls" + spec;
  }
}
