package io.portico.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PEM blocks split and written, the splitter of the control plane and of the proxy. */
class PemTest {
  private static final byte[] BYTES =
      "some DER bytes, long enough to take two lines of base64 text"
          .repeat(2)
          .getBytes(StandardCharsets.UTF_8);

  @Test
  void encodedBlocksDecodeToTheirTypeBytesAndText() {
    String key = Pem.encode("PRIVATE KEY", BYTES);
    String certificate = Pem.encode("CERTIFICATE", new byte[] {1, 2, 3});

    List<Pem.Block> blocks = Pem.decode("subject=CN = x\n" + key + "between\n" + certificate);

    assertThat(blocks).extracting(Pem.Block::type).containsExactly("PRIVATE KEY", "CERTIFICATE");
    assertThat(blocks.get(0).der()).isEqualTo(BYTES);
    assertThat(blocks.get(0).text()).isEqualTo(key);
    assertThat(blocks.get(1).der()).containsExactly(1, 2, 3);
  }

  @Test
  void linesAreSixtyFourCharactersAndCrlfIsRead() {
    String key = Pem.encode("PRIVATE KEY", BYTES);
    assertThat(key.lines().skip(1).limit(1).findFirst().orElseThrow()).hasSize(64);
    assertThat(Pem.decode(key.replace("\n", "\r\n")).get(0).der()).isEqualTo(BYTES);
  }

  @Test
  void textWithoutBlocksHasNone() {
    assertThat(Pem.decode("not a pem")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "-----BEGIN CERTIFICATE-----\\nAQID\\n| has a PEM block without its END line",
        "-----BEGIN certificate-----\\nAQID\\n-----END certificate-----\\n| has a malformed PEM"
            + " BEGIN line",
        "-----BEGIN CERTIFICATE----- x\\nAQID\\n-----END CERTIFICATE-----\\n| has a malformed PEM"
            + " BEGIN line",
        "-----BEGIN CERTIFICATE-----\\nAQ!D\\n-----END CERTIFICATE-----\\n| PEM block"
            + " \"CERTIFICATE\" is not valid base64",
        "-----BEGIN CERTIFICATE-----\\n\\n-----END CERTIFICATE-----\\n| PEM block \"CERTIFICATE\""
            + " is not valid base64",
        "-----BEGIN RSA PRIVATE KEY-----\\nProc-Type: 4,ENCRYPTED\\nAQID\\n-----END RSA PRIVATE"
            + " KEY-----\\n| PEM block \"RSA PRIVATE KEY\" has headers (an encrypted key is not"
            + " supported)",
      })
  void malformedBlocksAreRefusedSayingWhy(String text, String message) {
    assertThatThrownBy(() -> Pem.decode(text.replace("\\n", "\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  /** One pass: 20,000 BEGIN lines without END are refused at once, not in quadratic time. */
  @Test
  @Timeout(10)
  void manyBeginLinesWithoutEndAreRefusedInOnePass() {
    String text = "-----BEGIN CERTIFICATE-----\nAQID\n".repeat(20_000);
    assertThatThrownBy(() -> Pem.decode(text)).hasMessage("has a PEM block without its END line");
  }
}
