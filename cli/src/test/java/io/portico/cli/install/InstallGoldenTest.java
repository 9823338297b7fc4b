package io.portico.cli.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.cli.CliRunner;
import io.portico.cli.version.ClientVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden files of {@code install crds} and {@code install control-plane --namespace kuma-system}
 * under {@code src/test/resources/install/}. The generated certificate and key parts ({@code
 * tls.crt}, {@code tls.key}, {@code ca.crt}, every {@code caBundle}) and the build version in the
 * default image tags are masked; everything else is compared byte for byte. {@link
 * InstallControlPlaneCommandTest} checks the masked parts. Run with {@code -Dgolden.update=true} to
 * rewrite the files (then review the diff like code).
 */
class InstallGoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/install");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  static final Instant NOW = Instant.parse("2024-01-02T10:00:00Z");

  private static final Pattern GENERATED =
      Pattern.compile("(?m)^(\\s*(?:tls\\.crt|tls\\.key|ca\\.crt|caBundle): ).+$");

  @TempDir Path home;

  @Test
  void crdsAsRecorded() throws IOException {
    CliRunner.Result result = new CliRunner(home, NOW).run("install", "crds");

    assertThat(result.exitCode()).as(result.err()).isZero();
    compare("install-crds.golden.yaml", result.out());
  }

  @Test
  void controlPlaneAsRecorded() throws IOException {
    CliRunner.Result result =
        new CliRunner(home, NOW).run("install", "control-plane", "--namespace", "kuma-system");

    assertThat(result.exitCode()).as(result.err()).isZero();
    compare("install-control-plane.golden.yaml", mask(result.out()));
  }

  /** The output with the generated PEM parts and the build version replaced by placeholders. */
  static String mask(String out) {
    String masked = GENERATED.matcher(out).replaceAll("$1<generated>");
    return masked.replace(":" + ClientVersion.get() + "\n", ":<version>\n");
  }

  private static void compare(String file, String actual) throws IOException {
    Path path = GOLDEN.resolve(file);
    if (UPDATE) {
      Files.writeString(path, actual, StandardCharsets.UTF_8);
      return;
    }
    assertThat(path).as("golden file %s (run with -Dgolden.update=true)", path).exists();
    assertThat(actual).as(file).isEqualTo(Files.readString(path, StandardCharsets.UTF_8));
  }
}
