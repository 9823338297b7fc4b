package io.portico.cp.compiler.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.cp.compiler.TestSnapshots;
import io.portico.cp.compiler.context.DataSourceContents;
import io.portico.cp.compiler.context.DataSourceContents.Content;
import io.portico.cp.compiler.plan.ServerCertificatePlan;
import io.portico.cp.compiler.plan.ServerCertificatePlan.KeyType;
import io.portico.mesh.api.DataSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The certificates of an HTTPS host (spec/gateway.md §1.2, §2.7). */
class ServerCertificatesTest {
  private static final DataSource RSA = DataSource.ofSecret("rsa");
  private static final DataSource ECDSA = DataSource.ofSecret("ecdsa");
  private static final DataSource MISSING = DataSource.ofSecret("missing");
  private static final DataSourceContents CONTENTS =
      new DataSourceContents(
          Map.of(
              RSA, new Content(TestSnapshots.pki("example-rsa.pem"), null),
              ECDSA, new Content(TestSnapshots.pki("example-ecdsa.pem"), null),
              MISSING, new Content(null, "secret \"missing\" not found")));

  @Test
  void aNamedHostServesItsNameTheWildcardHostIsTheDefault() {
    assertThat(ServerCertificates.forHost("api.example.com", List.of(ECDSA), CONTENTS))
        .singleElement()
        .extracting(ServerCertificatePlan::serverNames)
        .isEqualTo(List.of("api.example.com"));
    assertThat(ServerCertificates.forHost("*", List.of(ECDSA), CONTENTS))
        .singleElement()
        .extracting(ServerCertificatePlan::serverNames)
        .isEqualTo(List.of());
  }

  @Test
  void rsaAndEcdsaAreTwoEntriesForTheSameNames() {
    List<ServerCertificatePlan> certificates =
        ServerCertificates.forHost("*.example.com", List.of(RSA, ECDSA), CONTENTS);
    assertThat(certificates)
        .extracting(ServerCertificatePlan::keyType)
        .containsExactly(KeyType.RSA, KeyType.ECDSA);
    assertThat(certificates)
        .allSatisfy(c -> assertThat(c.serverNames()).containsExactly("*.example.com"));
  }

  @Test
  void twoCertificatesOfOneKeyTypeAreRefused() {
    assertThatThrownBy(() -> ServerCertificates.forHost("*", List.of(ECDSA, ECDSA), CONTENTS))
        .hasMessageContaining("two ECDSA certificates");
  }

  @Test
  void anUnresolvedDataSourceIsRefusedWithItsError() {
    assertThatThrownBy(() -> ServerCertificates.forHost("*", List.of(MISSING), CONTENTS))
        .hasMessage("certificate secret \"missing\": secret \"missing\" not found");
    assertThatThrownBy(
            () ->
                ServerCertificates.forHost("*", List.of(DataSource.ofSecret("unknown")), CONTENTS))
        .hasMessage("certificate secret \"unknown\": was not resolved by the control plane");
  }

  @Test
  void noOrTooManyCertificatesAreRefused() {
    assertThatThrownBy(() -> ServerCertificates.forHost("*", List.of(), CONTENTS))
        .hasMessage("tls.certificates is empty");
    assertThatThrownBy(() -> ServerCertificates.forHost("*", List.of(RSA, ECDSA, RSA), CONTENTS))
        .hasMessageContaining("at most 2");
  }
}
