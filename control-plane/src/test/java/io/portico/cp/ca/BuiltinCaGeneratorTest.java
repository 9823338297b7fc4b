package io.portico.cp.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.cp.pem.Pem;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builtin CA's certificate (spec/core.md §1.2) and its {@code conf} defaults. */
class BuiltinCaGeneratorTest {
  static final Instant NOW = Instant.parse("2024-01-02T10:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  static BuiltinCaGenerator generator() {
    return new BuiltinCaGenerator(
        Clock.fixed(NOW, ZoneOffset.UTC),
        bits -> {
          try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void certificateHasTheMeshSubjectSpiffeSanCaFlagsAndLifetime() throws Exception {
    BuiltinCaGenerator.GeneratedCa ca =
        generator().generate("demo", new BuiltinCaConf(1024, Duration.ofDays(30)));

    X509Certificate cert = Pem.certificates(ca.certificatePem()).get(0);
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=demo,OU=Mesh,O=Portico");
    assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(6, "spiffe://demo"));
    assertThat(cert.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
    assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
    assertThat(cert.getKeyUsage())
        .containsExactly(false, false, false, false, false, true, true, false, false);
    assertThat(cert.getNotBefore().toInstant()).isEqualTo(NOW.minusSeconds(10));
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(30)));
    assertThat(cert.getSerialNumber().signum()).isPositive();
    assertThat(((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength()).isEqualTo(1024);
    assertThat(cert.getSigAlgName()).isEqualTo("SHA256withRSA");
    cert.verify(cert.getPublicKey());
    assertThat(ca.keyPem()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(ca.toString()).doesNotContain("PRIVATE");
  }

  @Test
  void serialsDifferBetweenCas() {
    BuiltinCaConf conf = new BuiltinCaConf(1024, Duration.ofDays(1));
    BuiltinCaGenerator generator = generator();
    var a = Pem.certificates(generator.generate("demo", conf).certificatePem()).get(0);
    var b = Pem.certificates(generator.generate("demo", conf).certificatePem()).get(0);

    assertThat(a.getSerialNumber()).isNotEqualTo(b.getSerialNumber());
  }

  @Test
  void confDefaultsAre2048BitsAndTenYears() throws Exception {
    assertThat(BuiltinCaConf.of(null)).isEqualTo(new BuiltinCaConf(2048, Duration.ofDays(3650)));
    assertThat(BuiltinCaConf.of(JSON.readTree("{}")))
        .isEqualTo(new BuiltinCaConf(2048, Duration.ofDays(3650)));
    assertThat(
            BuiltinCaConf.of(
                JSON.readTree("{\"caCert\":{\"RSAbits\":4096,\"expiration\":\"2y\"}}")))
        .isEqualTo(new BuiltinCaConf(4096, Duration.ofDays(730)));
    assertThat(BuiltinCaConf.of(JSON.readTree("{\"caCert\":{\"expiration\":\"0\"}}")).expiration())
        .isEqualTo(Duration.ofDays(3650));
  }

  @Test
  void tooFewBitsAreRefusedWithTheValue() {
    assertThatThrownBy(() -> new BuiltinCaConf(512, Duration.ofDays(1)))
        .hasMessage("caCert.RSAbits 512: expected at least 1024");
  }
}
