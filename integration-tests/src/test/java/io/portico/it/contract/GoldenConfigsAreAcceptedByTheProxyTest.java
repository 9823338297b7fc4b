package io.portico.it.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import io.portico.it.support.Repository;
import io.portico.proxy.api.v1.Identity;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.config.InvalidConfigException;
import io.portico.proxy.config.RuntimeConfigCompiler;
import io.portico.testing.pki.IssuedCertificate;
import io.portico.testing.pki.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two halves of the contract agree: every config the control plane's compiler emits for its
 * golden cases passes the proxy's own validation (the proxy would Ack it). Configs of mTLS meshes
 * get an identity, as the control plane attaches one after compiling.
 */
class GoldenConfigsAreAcceptedByTheProxyTest {
  private static final TestPki PKI = TestPki.create();
  private static final IssuedCertificate IDENTITY =
      PKI.issueClient(List.of("spiffe://default/test"));

  static Stream<Path> goldenConfigs() throws IOException {
    Path golden = Repository.root().resolve("cp-compiler/src/test/resources/golden");
    try (Stream<Path> files = Files.walk(golden)) {
      List<Path> found =
          files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
      assertThat(found).as("golden configs under " + golden).isNotEmpty();
      return found.stream();
    }
  }

  private static boolean usesIdentity(ProxyConfig.Builder config) {
    return config.getListenersList().stream().anyMatch(l -> l.getTls().getUseIdentity())
        || config.getClustersList().stream().anyMatch(c -> c.getTls().getPresentIdentity());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenConfigs")
  void proxyAcceptsTheCompiledConfig(Path golden) throws IOException {
    ProxyConfig.Builder config = ProxyConfig.newBuilder();
    JsonFormat.parser().merge(Files.readString(golden), config);
    if (usesIdentity(config)) {
      config.setIdentity(
          Identity.newBuilder()
              .setCertificateChainPem(IDENTITY.certificatePem())
              .setPrivateKeyPem(IDENTITY.privateKeyPem())
              .addTrustedCaPem(PKI.caCertificatePem())
              .addUris("spiffe://default/test"));
    }
    try {
      new RuntimeConfigCompiler().compile(config.build());
    } catch (InvalidConfigException e) {
      throw new AssertionError(golden + " is refused by the proxy: " + e.errors());
    }
  }
}
