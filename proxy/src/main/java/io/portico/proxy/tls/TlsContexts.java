package io.portico.proxy.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS engine: builds Netty {@link SslContext}s with one provider and one policy for the whole
 * proxy (docs/adr/0007-proxy-tls.md).
 *
 * <ul>
 *   <li>Provider: OpenSSL (netty-tcnative BoringSSL) when {@link OpenSsl#isAvailable()}, the JDK
 *       otherwise.
 *   <li>Protocols: TLS 1.3 and TLS 1.2 only.
 *   <li>Cipher suites: AEAD only, forward secret only: the TLS 1.3 suites, and for TLS 1.2 ECDHE
 *       with AES-GCM or ChaCha20-Poly1305. No CBC, no static RSA key exchange.
 * </ul>
 *
 * Contexts are built when a config is compiled ({@link #compilation()}), never per connection;
 * equal settings within one config share one context.
 */
public final class TlsContexts {
  /** Protocol versions, in Netty's (JDK) names. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /** Cipher suites in preference order, in Netty's (JDK) names. */
  public static final List<String> CIPHERS =
      List.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private static final char[] KEY_STORE_PASSWORD = "portico".toCharArray();

  private final SslProvider provider;

  private TlsContexts(SslProvider provider) {
    this.provider = provider;
  }

  /**
   * The engine of a runtime.
   *
   * @param preferOpenSsl use OpenSSL when it is available (the default); false forces the JDK
   */
  public static TlsContexts create(boolean preferOpenSsl) {
    return new TlsContexts(
        preferOpenSsl && OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK);
  }

  /** Whether contexts are OpenSSL (BoringSSL) ones. */
  public boolean isOpenSsl() {
    return provider == SslProvider.OPENSSL;
  }

  /** The provider, for logs: {@code OpenSSL (BoringSSL)} or {@code JDK}. */
  public String providerName() {
    return isOpenSsl() ? "OpenSSL (" + OpenSsl.versionString() + ")" : "JDK";
  }

  /** Starts building the contexts of one config. Not thread-safe; use it from one thread. */
  public Compilation compilation() {
    return new Compilation();
  }

  /** The contexts of one config; equal settings share one context. */
  public final class Compilation {
    private final Map<List<Object>, SslContext> contexts = new HashMap<>();

    private Compilation() {}

    /**
     * The downstream TLS of one listener.
     *
     * @throws TlsMaterialException when two chains of one server name share a key algorithm, or the
     *     provider refuses the material
     */
    public ServerTls server(ServerTls.Spec spec) throws TlsMaterialException {
      return ServerTls.build(spec, this);
    }

    /**
     * The upstream TLS of one cluster.
     *
     * @throws TlsMaterialException when the server cannot be verified (no trust anchors) or the
     *     provider refuses the material
     */
    public ClientTls client(ClientTls.Spec spec) throws TlsMaterialException {
      if (!spec.skipVerify() && spec.trust().isEmpty()) {
        throw new TlsMaterialException(
            "no CA to verify the server certificate against: set trusted_ca_pem, give the config"
                + " an identity with trusted CAs, or set skip_verify");
      }
      List<Object> key =
          List.of(
              "client",
              spec.clientCertificate() == null ? "" : spec.clientCertificate().fingerprint(),
              spec.skipVerify() ? "" : spec.trust().fingerprint(),
              spec.skipVerify(),
              spec.alpn());
      SslContext context = contexts.get(key);
      if (context == null) {
        context = buildClient(spec);
        contexts.put(key, context);
      }
      return new ClientTls(context, spec);
    }

    SslContext serverContext(
        List<CertificateChain> chains,
        TrustAnchors clientTrust,
        List<String> clientUriPrefixes,
        List<String> alpn)
        throws TlsMaterialException {
      List<Object> key = new ArrayList<>();
      key.add("server");
      for (CertificateChain chain : chains) {
        key.add(chain.fingerprint());
      }
      key.add(clientTrust.fingerprint());
      key.add(clientUriPrefixes);
      key.add(alpn);
      SslContext context = contexts.get(key);
      if (context == null) {
        context = buildServer(chains, clientTrust, clientUriPrefixes, alpn);
        contexts.put(List.copyOf(key), context);
      }
      return context;
    }
  }

  private SslContext buildServer(
      List<CertificateChain> chains,
      TrustAnchors clientTrust,
      List<String> clientUriPrefixes,
      List<String> alpn)
      throws TlsMaterialException {
    SslContextBuilder builder;
    if (chains.size() == 1) {
      builder =
          SslContextBuilder.forServer(chains.get(0).privateKey(), chains.get(0).certificates());
    } else {
      // One chain per key algorithm (RSA and ECDSA): the key manager picks the one the client's
      // signature algorithms allow (spec gateway.md §2.7).
      builder = SslContextBuilder.forServer(keyManagers(chains));
    }
    if (!clientTrust.isEmpty()) {
      builder
          .clientAuth(ClientAuth.REQUIRE)
          .trustManager(
              (TrustManager) new UriPrefixTrustManager(pkix(clientTrust), clientUriPrefixes));
    }
    return build(policy(builder, alpn));
  }

  private SslContext buildClient(ClientTls.Spec spec) throws TlsMaterialException {
    SslContextBuilder builder = SslContextBuilder.forClient().endpointIdentificationAlgorithm(null);
    if (spec.clientCertificate() != null) {
      builder.keyManager(
          spec.clientCertificate().privateKey(), spec.clientCertificate().certificates());
    }
    if (spec.skipVerify()) {
      builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
    } else {
      // Chain only: the peer's name is checked on its URI SANs after the handshake.
      builder.trustManager((TrustManager) pkix(spec.trust()));
    }
    return build(policy(builder, spec.alpn()));
  }

  private SslContextBuilder policy(SslContextBuilder builder, List<String> alpn) {
    builder
        .sslProvider(provider)
        .protocols(PROTOCOLS)
        .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE);
    if (!alpn.isEmpty()) {
      builder.applicationProtocolConfig(
          new ApplicationProtocolConfig(
              ApplicationProtocolConfig.Protocol.ALPN,
              ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
              alpn));
    }
    return builder;
  }

  private static SslContext build(SslContextBuilder builder) throws TlsMaterialException {
    try {
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new TlsMaterialException("the TLS provider refused the settings: " + e.getMessage(), e);
    }
  }

  private static KeyManagerFactory keyManagers(List<CertificateChain> chains)
      throws TlsMaterialException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < chains.size(); i++) {
        CertificateChain chain = chains.get(i);
        store.setKeyEntry(
            "chain-" + i,
            chain.privateKey(),
            KEY_STORE_PASSWORD,
            chain.certificates().toArray(X509Certificate[]::new));
      }
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, KEY_STORE_PASSWORD);
      return factory;
    } catch (GeneralSecurityException | IOException e) {
      throw new TlsMaterialException("cannot hold the certificates: " + e.getMessage(), e);
    }
  }

  /** A PKIX trust manager over {@code anchors} (no host name check). */
  static X509ExtendedTrustManager pkix(TrustAnchors anchors) throws TlsMaterialException {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      List<X509Certificate> certificates = anchors.certificates();
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("ca-" + i, certificates.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager x509) {
          return x509;
        }
      }
      throw new TlsMaterialException("the JDK has no X.509 trust manager");
    } catch (GeneralSecurityException | IOException e) {
      throw new TlsMaterialException("cannot trust the CA certificates: " + e.getMessage(), e);
    }
  }
}
