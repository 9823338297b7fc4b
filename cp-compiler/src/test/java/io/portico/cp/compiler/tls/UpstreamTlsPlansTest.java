package io.portico.cp.compiler.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.cp.compiler.TestSnapshots;
import io.portico.cp.compiler.context.DataSourceContents;
import io.portico.cp.compiler.context.MeshMtls;
import io.portico.cp.compiler.plan.UpstreamTlsPlan;
import io.portico.mesh.api.DataSource;
import io.portico.mesh.api.policy.ExternalServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TLS toward mesh services and ExternalServices (spec/core.md §1.2, §3.4, §7.6). */
class UpstreamTlsPlansTest {
  @Test
  void meshServiceTlsPresentsTheIdentityAndExpectsTheServiceUri() {
    UpstreamTlsPlan tls =
        UpstreamTlsPlans.meshService(
            new MeshMtls("default", true, false, List.of()),
            Map.of("kuma.io/service", "web", "version", "v1"));
    assertThat(tls)
        .isEqualTo(
            new UpstreamTlsPlan(
                "", List.of("spiffe://default/web"), List.of("kuma"), true, List.of(), false));
  }

  private static ExternalServiceSpec external(String address, ExternalServiceSpec.Tls tls) {
    return new ExternalServiceSpec(
        new ExternalServiceSpec.Networking(address, tls, false), Map.of("kuma.io/service", "x"));
  }

  @ParameterizedTest(name = "{0} serverName={1} → sni {2}")
  @CsvSource(
      value = {
        "api.example.com:443 | | api.example.com",
        "api.example.com:443 | other.example.com | other.example.com",
        "10.0.0.1:443 | | ''",
        "'[2001:db8::1]:443' | | ''",
        "10.0.0.1:443 | api.example.com | api.example.com",
      },
      delimiter = '|')
  void externalServiceSniIsTheServerNameElseTheHostNameOfItsAddress(
      String address, String serverName, String sni) {
    UpstreamTlsPlan tls =
        UpstreamTlsPlans.externalService(
            external(
                address, new ExternalServiceSpec.Tls(true, null, null, null, false, serverName)),
            DataSourceContents.NONE,
            new ArrayList<>());
    assertThat(tls.sni()).isEqualTo(sni);
    assertThat(tls.skipVerify()).as("no caCert: not verified, as Kuma 2.0").isTrue();
    assertThat(tls.presentIdentity()).isFalse();
  }

  @Test
  void externalServiceWithoutTlsHasNone() {
    assertThat(
            UpstreamTlsPlans.externalService(
                external("a:80", new ExternalServiceSpec.Tls(false, null, null, null, false, null)),
                DataSourceContents.NONE,
                new ArrayList<>()))
        .isNull();
    assertThat(
            UpstreamTlsPlans.externalService(
                external("a:80", null), DataSourceContents.NONE, new ArrayList<>()))
        .isNull();
  }

  @Test
  void externalServiceCaCertIsTrustedAndVerified() {
    DataSource ca = DataSource.ofSecret("ca");
    String pem = TestSnapshots.pki("external-ca.pem");
    UpstreamTlsPlan tls =
        UpstreamTlsPlans.externalService(
            external(
                "a.example.com:443",
                new ExternalServiceSpec.Tls(true, ca, null, null, false, null)),
            new DataSourceContents(Map.of(ca, new DataSourceContents.Content(pem, null))),
            new ArrayList<>());
    assertThat(tls.trustedCaPems()).containsExactly(pem);
    assertThat(tls.skipVerify()).isFalse();
  }

  @Test
  void anUnresolvedCaCertIsRefused() {
    DataSource ca = DataSource.ofSecret("ca");
    assertThatThrownBy(
            () ->
                UpstreamTlsPlans.externalService(
                    external(
                        "a:443", new ExternalServiceSpec.Tls(true, ca, null, null, false, null)),
                    new DataSourceContents(
                        Map.of(
                            ca, new DataSourceContents.Content(null, "secret \"ca\" not found"))),
                    new ArrayList<>()))
        .hasMessage("caCert secret \"ca\": secret \"ca\" not found");
  }

  @Test
  void aCaCertWithoutCertificateIsRefused() {
    DataSource ca = DataSource.ofInlineString("not a certificate");
    assertThatThrownBy(
            () ->
                UpstreamTlsPlans.externalService(
                    external(
                        "a:443", new ExternalServiceSpec.Tls(true, ca, null, null, false, null)),
                    new DataSourceContents(
                        Map.of(ca, new DataSourceContents.Content("not a certificate", null))),
                    new ArrayList<>()))
        .hasMessage("caCert inlineString holds no PEM certificate");
  }

  @Test
  void aClientCertificateIsNotedAsNotPresented() {
    List<String> notes = new ArrayList<>();
    UpstreamTlsPlans.externalService(
        external(
            "a:443",
            new ExternalServiceSpec.Tls(
                true, null, DataSource.ofSecret("c"), DataSource.ofSecret("k"), false, null)),
        DataSourceContents.NONE,
        notes);
    assertThat(notes).singleElement().asString().contains("clientCert/clientKey are not presented");
  }
}
