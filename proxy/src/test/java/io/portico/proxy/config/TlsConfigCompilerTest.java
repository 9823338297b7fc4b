package io.portico.proxy.config;

import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.httpListener;
import static io.portico.proxy.fixture.Configs.identity;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.serverCertificate;
import static io.portico.proxy.fixture.Configs.vhost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.proxy.api.v1.Authorization;
import io.portico.proxy.api.v1.AuthorizationRule;
import io.portico.proxy.api.v1.DownstreamTls;
import io.portico.proxy.api.v1.Identity;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.Principal;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.UpstreamTls;
import io.portico.proxy.tls.TlsContexts;
import io.portico.testing.pki.CertificateRequest;
import io.portico.testing.pki.IssuedCertificate;
import io.portico.testing.pki.TestPki;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validation of TLS material, identities and authorization rules: every problem is an error naming
 * the listener or cluster, and the config is rejected as a whole.
 */
class TlsConfigCompilerTest {
  private static final TestPki PKI = TestPki.create();
  private static final IssuedCertificate SERVER =
      PKI.issueServer(List.of("a.example.com"), List.of());
  private static final IssuedCertificate IDENTITY =
      PKI.issueClient(List.of("spiffe://default/edge"));
  private static final IssuedCertificate EXPIRED =
      PKI.issue(
          CertificateRequest.server(List.of("old.example.com"), List.of())
              .withValidity(Duration.ofDays(-10), Duration.ofDays(1)));

  private final RuntimeConfigCompiler compiler =
      new RuntimeConfigCompiler(
          Clock.fixed(Instant.now(), ZoneOffset.UTC), TlsContexts.create(true));

  /** One cluster "web", one HTTP listener "https" with a default certificate. */
  private static ProxyConfig valid() {
    return ProxyConfig.newBuilder()
        .setVersion("v1")
        .addClusters(http1("web", 9000))
        .addListeners(
            httpListener(
                    "https", 8443, vhost("all", List.of("*"), forward("r", prefix("/"), "web")))
                .toBuilder()
                .setTls(DownstreamTls.newBuilder().addCertificates(serverCertificate(SERVER))))
        .build();
  }

  private static ProxyConfig withTls(UnaryOperator<DownstreamTls.Builder> change) {
    ProxyConfig.Builder config = valid().toBuilder();
    Listener.Builder listener = config.getListenersBuilder(0);
    listener.setTls(change.apply(listener.getTls().toBuilder()));
    return config.build();
  }

  private static ProxyConfig withClusterTls(UpstreamTls.Builder tls) {
    ProxyConfig.Builder config = valid().toBuilder();
    config.setClusters(0, config.getClusters(0).toBuilder().setTls(tls));
    return config.build();
  }

  private static ProxyConfig withAuthorization(AuthorizationRule.Builder... rules) {
    ProxyConfig.Builder config = valid().toBuilder();
    Authorization.Builder authorization = Authorization.newBuilder();
    for (AuthorizationRule.Builder rule : rules) {
      authorization.addRules(rule);
    }
    config.getListenersBuilder(0).setAuthorization(authorization);
    return config.build();
  }

  static Stream<Arguments> invalidConfigs() {
    return Stream.of(
        Arguments.of(
            "certificateThatIsNotPemIsRejected",
            withTls(
                tls ->
                    tls.setCertificates(
                        0,
                        serverCertificate(SERVER).toBuilder().setCertificateChainPem("garbage"))),
            "listeners[https].tls.certificates[0].certificate_chain_pem: expected PEM CERTIFICATE"
                + " blocks, found none"),
        Arguments.of(
            "keyOfAnotherCertificateIsRejected",
            withTls(
                tls ->
                    tls.setCertificates(
                        0,
                        serverCertificate(SERVER).toBuilder()
                            .setPrivateKeyPem(IDENTITY.privateKeyPem()))),
            "listeners[https].tls.certificates[0].private_key_pem: the EC key does not match the"
                + " public key of the first certificate (EC)"),
        Arguments.of(
            "expiredChainIsRejected",
            withTls(tls -> tls.setCertificates(0, serverCertificate(EXPIRED))),
            "listeners[https].tls.certificates[0].certificate_chain_pem: certificate 0 (CN="),
        Arguments.of(
            "malformedServerNameIsRejected",
            withTls(tls -> tls.setCertificates(0, serverCertificate(SERVER, "a.*.example.com"))),
            "listeners[https].tls.certificates[0].server_names[0]: domain \"a.*.example.com\" must"
                + " be a host name, \"*.suffix\" or \"*\""),
        Arguments.of(
            "twoChainsOfOneKeyAlgorithmForOneNameAreRejected",
            withTls(
                tls ->
                    tls.clearCertificates()
                        .addCertificates(serverCertificate(SERVER, "a.example.com"))
                        .addCertificates(serverCertificate(SERVER, "a.example.com"))),
            "listeners[https].tls: server name \"a.example.com\" has two EC certificate chains (at"
                + " most one per key algorithm)"),
        Arguments.of(
            "tlsWithoutCertificateIsRejected",
            withTls(DownstreamTls.Builder::clearCertificates),
            "listeners[https].tls.certificates: must not be empty (or use_identity must be set)"),
        Arguments.of(
            "useIdentityWithoutIdentityIsRejected",
            withTls(tls -> tls.clearCertificates().setUseIdentity(true)),
            "listeners[https].tls.use_identity: the config has no identity"),
        Arguments.of(
            "clientCertificateWithoutAnyCaIsRejected",
            withTls(tls -> tls.setRequireClientCertificate(true)),
            "listeners[https].tls.require_client_certificate: no CA to verify client certificates"
                + " against (the config has no identity with trusted CAs, and client_ca_pem is"
                + " empty)"),
        Arguments.of(
            "uriPrefixesWithoutClientCertificateAreRejected",
            withTls(tls -> tls.addClientUriPrefixes("spiffe://default/")),
            "listeners[https].tls.client_uri_prefixes: client certificates are not requested (set"
                + " require_client_certificate or client_ca_pem)"),
        Arguments.of(
            "badClientCaIsRejected",
            withTls(tls -> tls.addClientCaPem("junk")),
            "listeners[https].tls.client_ca_pem[0]: expected PEM CERTIFICATE blocks, found none"),
        Arguments.of(
            "emptyAlpnProtocolIsRejected",
            withTls(tls -> tls.addAlpn("")),
            "listeners[https].tls.alpn[0]: must be 1 to 255 bytes, got 0"),
        Arguments.of(
            "badIdentityIsRejectedOnce",
            valid().toBuilder()
                .setIdentity(
                    identity(IDENTITY).toBuilder().setPrivateKeyPem(SERVER.privateKeyPem()))
                .setListeners(
                    0,
                    valid().getListeners(0).toBuilder()
                        .setTls(DownstreamTls.newBuilder().setUseIdentity(true)))
                .build(),
            "identity.private_key_pem: the EC key does not match the public key of the first"
                + " certificate (EC)"),
        Arguments.of(
            "badIdentityTrustBundleIsRejected",
            valid().toBuilder().setIdentity(identity(IDENTITY, "junk")).build(),
            "identity.trusted_ca_pem[0]: expected PEM CERTIFICATE blocks, found none"),
        Arguments.of(
            "presentIdentityWithoutIdentityIsRejected",
            withClusterTls(
                UpstreamTls.newBuilder()
                    .setPresentIdentity(true)
                    .addTrustedCaPem(PKI.caCertificatePem())),
            "clusters[web].tls.present_identity: the config has no identity"),
        Arguments.of(
            "upstreamTlsWithoutTrustIsRejected",
            withClusterTls(UpstreamTls.newBuilder().addExpectedUris("spiffe://default/web")),
            "clusters[web].tls: no CA to verify the server certificate against: set"
                + " trusted_ca_pem, give the config an identity with trusted CAs, or set"
                + " skip_verify"),
        Arguments.of(
            "badUpstreamTrustIsRejected",
            withClusterTls(UpstreamTls.newBuilder().addTrustedCaPem("junk")),
            "clusters[web].tls.trusted_ca_pem[0]: expected PEM CERTIFICATE blocks, found none"),
        Arguments.of(
            "upstreamSniMustBeAHostName",
            withClusterTls(UpstreamTls.newBuilder().setSni("10.0.0.1").setSkipVerify(true)),
            "clusters[web].tls.sni: \"10.0.0.1\" is not a host name"),
        Arguments.of(
            "authorizationRuleWithoutPrincipalIsRejected",
            withAuthorization(AuthorizationRule.newBuilder().setName("tp-1")),
            "listeners[https].authorization.rules[tp-1].principal: must be set"),
        Arguments.of(
            "emptyPrincipalIsRejected",
            withAuthorization(
                AuthorizationRule.newBuilder()
                    .setName("tp-1")
                    .setPrincipal(Principal.newBuilder())),
            "listeners[https].authorization.rules[tp-1].principal: must set any, required_uris or"
                + " not"),
        Arguments.of(
            "anyCombinedWithUrisIsRejected",
            withAuthorization(
                AuthorizationRule.newBuilder()
                    .setName("tp-1")
                    .setPrincipal(Principal.newBuilder().setAny(true).addRequiredUris("x://y"))),
            "listeners[https].authorization.rules[tp-1].principal.any: cannot be combined with"
                + " required_uris or not"),
        Arguments.of(
            "badNestedPrincipalNamesItsPath",
            withAuthorization(
                AuthorizationRule.newBuilder()
                    .setName("mtp")
                    .setPrincipal(Principal.newBuilder().addNot(Principal.newBuilder()))),
            "listeners[https].authorization.rules[mtp].principal.not[0]: must set any,"
                + " required_uris or not"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidConfigs")
  void rejects(String rule, ProxyConfig config, String error) {
    assertThatThrownBy(() -> compiler.compile(config))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e -> assertThat(e.errors()).singleElement().asString().startsWith(error));
  }

  @Test
  void everyTlsErrorIsReportedAtOnce() {
    ProxyConfig.Builder config =
        withTls(tls -> tls.setCertificates(0, serverCertificate(EXPIRED))).toBuilder();
    config.setClusters(
        0, config.getClusters(0).toBuilder().setTls(UpstreamTls.newBuilder().addTrustedCaPem("x")));
    assertThatThrownBy(() -> compiler.compile(config.build()))
        .isInstanceOfSatisfying(
            InvalidConfigException.class, e -> assertThat(e.errors()).hasSize(2));
  }

  @Test
  void validTlsConfigCompiles() throws Exception {
    ProxyConfig config =
        valid().toBuilder()
            .setIdentity(identity(IDENTITY, PKI.caCertificatePem()))
            .setClusters(
                0,
                valid().getClusters(0).toBuilder()
                    .setTls(
                        UpstreamTls.newBuilder()
                            .setPresentIdentity(true)
                            .addExpectedUris("spiffe://default/web")
                            .addAlpn("kuma")))
            .addListeners(
                httpListener(
                        "inbound",
                        8080,
                        vhost("all", List.of("*"), forward("r", prefix("/"), "web")))
                    .toBuilder()
                    .setTls(
                        DownstreamTls.newBuilder()
                            .setUseIdentity(true)
                            .setRequireClientCertificate(true)
                            .addClientUriPrefixes("spiffe://default/"))
                    .setAuthorization(
                        Authorization.newBuilder()
                            .addRules(
                                AuthorizationRule.newBuilder()
                                    .setName("all")
                                    .setPrincipal(Principal.newBuilder().setAny(true)))))
            .build();
    RuntimeConfig compiled = compiler.compile(config);
    assertThat(compiled.clusters().get("web").tls()).isNotNull();
    ListenerConfig inbound =
        compiled.listeners().stream().filter(l -> l.name().equals("inbound")).findFirst().get();
    assertThat(inbound.tls().requiresClientCertificate()).isTrue();
    assertThat(inbound.authorization().rules()).hasSize(1);
  }

  @Test
  void sameMaterialCompilesToEqualClusters() throws Exception {
    ProxyConfig config =
        withClusterTls(UpstreamTls.newBuilder().addTrustedCaPem(PKI.caCertificatePem()));
    assertThat(compiler.compile(config).clusters().get("web"))
        .isEqualTo(compiler.compile(config).clusters().get("web"));
  }

  @Test
  void newIdentityMakesClustersThatPresentItDiffer() throws Exception {
    IssuedCertificate rotated = PKI.issueClient(List.of("spiffe://default/edge"));
    ProxyConfig before =
        withClusterTls(UpstreamTls.newBuilder().setPresentIdentity(true)).toBuilder()
            .setIdentity(identity(IDENTITY, PKI.caCertificatePem()))
            .build();
    ProxyConfig after =
        before.toBuilder().setIdentity(identity(rotated, PKI.caCertificatePem())).build();
    assertThat(compiler.compile(before).clusters().get("web"))
        .isNotEqualTo(compiler.compile(after).clusters().get("web"));
  }

  @Test
  void identityWithoutUsersNeedsNoTrustedCa() throws Exception {
    ProxyConfig config =
        valid().toBuilder().setIdentity(Identity.newBuilder(identity(IDENTITY))).build();
    assertThat(compiler.compile(config).listeners()).hasSize(1);
  }
}
