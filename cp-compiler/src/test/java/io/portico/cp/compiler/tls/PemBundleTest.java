package io.portico.cp.compiler.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.cp.compiler.TestSnapshots;
import io.portico.cp.compiler.plan.ServerCertificatePlan.KeyType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Splitting certificate data sources into key and chain (spec/gateway.md §1.2). */
class PemBundleTest {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\n.*?-----END \\1-----\\n", Pattern.DOTALL);

  /** The PEM blocks of a test PKI file, in order. */
  static List<String> blocks(String file) {
    List<String> out = new ArrayList<>();
    Matcher matcher = BLOCK.matcher(TestSnapshots.pki(file));
    while (matcher.find()) {
      out.add(matcher.group());
    }
    return out;
  }

  private static final List<String> RSA = blocks("example-rsa.pem");
  private static final List<String> ECDSA = blocks("example-ecdsa.pem");
  private static final String RSA_KEY = RSA.get(0);
  private static final String ECDSA_KEY = ECDSA.get(0);
  private static final String LEAF = ECDSA.get(1);
  private static final String CA = ECDSA.get(2);

  static List<Arguments> valid() {
    return List.of(
        Arguments.of("PKCS#8 ECDSA key, leaf, CA", ECDSA_KEY + LEAF + CA, KeyType.ECDSA, 2),
        Arguments.of("PKCS#8 RSA key", RSA_KEY + RSA.get(1), KeyType.RSA, 1),
        Arguments.of(
            "PKCS#1 RSA key",
            TestSnapshots.pki("example-rsa-pkcs1.key") + RSA.get(1),
            KeyType.RSA,
            1),
        Arguments.of(
            "SEC1 ECDSA key", TestSnapshots.pki("example-ecdsa-sec1.key") + LEAF, KeyType.ECDSA, 1),
        Arguments.of("key after the certificates", LEAF + CA + ECDSA_KEY, KeyType.ECDSA, 2),
        Arguments.of(
            "text between blocks is ignored",
            "subject=CN = example\n" + ECDSA_KEY + "\nissuer: web\n" + LEAF,
            KeyType.ECDSA,
            1),
        Arguments.of(
            "CRLF line endings", (ECDSA_KEY + LEAF).replace("\n", "\r\n"), KeyType.ECDSA, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void splitsKeyAndChainServerCertificateFirst(
      String name, String content, KeyType keyType, int certificates) {
    PemBundle bundle = PemBundle.parse(content);
    assertThat(bundle.keyType()).isEqualTo(keyType);
    assertThat(bundle.certificatePems()).hasSize(certificates);
    assertThat(bundle.privateKeyPem())
        .as("sent to proxies as PKCS#8 whatever form it was written in")
        .startsWith("-----BEGIN PRIVATE KEY-----\n")
        .endsWith("-----END PRIVATE KEY-----\n")
        .doesNotContain("CERTIFICATE");
    assertThat(bundle.chainPem()).startsWith(bundle.certificatePems().get(0));
    assertThat(bundle.chainPem().replace("\r", "")).doesNotContain("PRIVATE KEY");
  }

  /** PKCS#1 and SEC1 keys become the same key in PKCS#8 form, the one form the proxy reads. */
  @org.junit.jupiter.api.Test
  void pkcs1AndSec1KeysAreSentAsTheSamePkcs8Key() throws Exception {
    assertThat(
            pkcs8(
                PemBundle.parse(TestSnapshots.pki("example-rsa-pkcs1.key") + RSA.get(1))
                    .privateKeyPem(),
                "RSA"))
        .isEqualTo(pkcs8(PemBundle.parse(RSA_KEY + RSA.get(1)).privateKeyPem(), "RSA"));
    // the same scalar (the encodings differ: SEC1 carries the public key too)
    String sec1 =
        PemBundle.parse(TestSnapshots.pki("example-ecdsa-sec1.key") + LEAF).privateKeyPem();
    String original = PemBundle.parse(ECDSA_KEY + LEAF).privateKeyPem();
    assertThat(((java.security.interfaces.ECPrivateKey) pkcs8(sec1, "EC")).getS())
        .isEqualTo(((java.security.interfaces.ECPrivateKey) pkcs8(original, "EC")).getS());
  }

  private static java.security.PrivateKey pkcs8(String pem, String algorithm) throws Exception {
    byte[] der = io.portico.format.Pem.decode(pem).get(0).der();
    return java.security.KeyFactory.getInstance(algorithm)
        .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void theServerCertificateIsTheFirstCertificate(
      String name, String content, KeyType keyType, int certificates) {
    String firstCertificate =
        content
            .replace("\r\n", "\n")
            .substring(content.replace("\r\n", "\n").indexOf("-----BEGIN CERTIFICATE"));
    assertThat(firstCertificate).startsWith(PemBundle.parse(content).certificatePems().get(0));
  }

  static List<Arguments> invalid() {
    return List.of(
        Arguments.of("empty", "", "is empty"),
        Arguments.of("no PEM block", "just text\n", "has no PEM block"),
        Arguments.of("no key", LEAF + CA, "has no private key"),
        Arguments.of("no certificate", ECDSA_KEY, "has no certificate"),
        Arguments.of(
            "two keys", ECDSA_KEY + RSA_KEY + LEAF, "has 2 private keys, expected exactly one"),
        Arguments.of(
            "a block that is neither",
            ECDSA_KEY
                + "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + LEAF,
            "PEM block \"EC PARAMETERS\" is neither a private key nor a certificate"),
        Arguments.of(
            "encrypted PKCS#8 key",
            ECDSA_KEY.replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY") + LEAF,
            "private key is encrypted"),
        Arguments.of(
            "legacy encrypted key",
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nAAAA\n-----END RSA PRIVATE KEY-----\n"
                + LEAF,
            "has headers"),
        Arguments.of(
            "unsupported algorithm (Ed25519)",
            TestSnapshots.pki("ed25519.key") + LEAF,
            "private key is neither RSA nor ECDSA"),
        Arguments.of(
            "unsupported key type",
            ECDSA_KEY.replace("PRIVATE KEY", "DSA PRIVATE KEY") + LEAF,
            "private key of type \"DSA PRIVATE KEY\" is not supported"),
        Arguments.of(
            "not base64",
            ECDSA_KEY + "-----BEGIN CERTIFICATE-----\nnot*base64\n-----END CERTIFICATE-----\n",
            "PEM block \"CERTIFICATE\" is not valid base64"),
        Arguments.of(
            "a block without END",
            ECDSA_KEY + LEAF.substring(0, LEAF.indexOf("-----END")),
            "has a PEM block without its END line"),
        Arguments.of(
            "a block without END before a complete one",
            ECDSA_KEY + LEAF.substring(0, LEAF.indexOf("-----END")) + CA,
            "has a PEM block without its END line"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void refusesWhatCannotServe(String name, String content, String message) {
    assertThatThrownBy(() -> PemBundle.parse(content))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
