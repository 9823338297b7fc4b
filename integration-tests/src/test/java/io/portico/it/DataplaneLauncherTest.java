package io.portico.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.it.support.Repository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JVM flags {@code bin/portico-dp} starts the proxy with: the launcher runs against a fake JDK
 * (a {@code java} that prints its arguments and environment, beside the {@code release} file a JDK
 * has), so what is checked is the command line itself.
 */
class DataplaneLauncherTest {
  @TempDir Path jdk;

  @ParameterizedTest(name = "JAVA_VERSION={0} -> trims the native heap: {1}")
  @CsvSource({
    "17.0.15, true",
    "17.0.9, true",
    "17.0.8, false",
    "17, false",
    "21, false",
    "21.0.1, true",
    "22, true",
    "25.0.3, true",
    "11.0.25, false",
    "'', false"
  })
  void theNativeHeapIsTrimmedOnlyByJdksThatKnowTheFlag(String version, boolean trims)
      throws Exception {
    List<String> lines = launch(version, Map.of());

    assertThat(lines).contains("-XX:+UseSerialGC", "-Xms16m", "-Xmx256m");
    assertThat(lines.contains("-XX:TrimNativeHeapInterval=5000")).isEqualTo(trims);
    assertThat(lines.get(lines.size() - 2)).isEqualTo("io.portico.proxy.PorticoDp");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("--version");
  }

  @ParameterizedTest(name = "MALLOC_ARENA_MAX={0} -> {1}")
  @CsvSource({"'', 2", "8, 8"})
  void glibcKeepsTwoMallocArenasUnlessTheEnvironmentSaysOtherwise(String given, String expected)
      throws Exception {
    List<String> lines =
        launch("17.0.15", given.isEmpty() ? Map.of() : Map.of("MALLOC_ARENA_MAX", given));

    assertThat(lines).contains("MALLOC_ARENA_MAX=" + expected);
  }

  @ParameterizedTest(name = "PORTICO_JAVA_OPTS={0}")
  @CsvSource({"-Xmx512m"})
  void theUsersOptionsComeAfterTheDefaults(String options) throws Exception {
    List<String> lines = launch("17.0.15", Map.of("PORTICO_JAVA_OPTS", options));

    assertThat(lines.indexOf(options)).isGreaterThan(lines.indexOf("-Xmx256m"));
  }

  /** Runs {@code bin/portico-dp --version} with the fake JDK first on PATH; its printed lines. */
  private List<String> launch(String version, Map<String, String> environment)
      throws IOException, InterruptedException {
    Path bin = Files.createDirectories(jdk.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(
        java,
        "#!/usr/bin/env bash\necho \"MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-}\"\n"
            + "for a in \"$@\"; do echo \"$a\"; done\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(
        jdk.resolve("release"),
        version.isEmpty() ? "IMPLEMENTOR=\"test\"\n" : "JAVA_VERSION=\"" + version + "\"\n",
        StandardCharsets.UTF_8);

    ProcessBuilder pb =
        new ProcessBuilder(Repository.root().resolve("bin/portico-dp").toString(), "--version")
            .redirectErrorStream(true);
    pb.environment().remove("MALLOC_ARENA_MAX");
    pb.environment().remove("PORTICO_JAVA_OPTS");
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().putAll(environment);
    Process process = pb.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    // The environment probe, then one argument per line.
    return out.lines().toList();
  }
}
