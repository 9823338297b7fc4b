package io.portico.cp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line of {@code portico-cp}: exit codes and messages of bad configurations. */
class PorticoCpTest {
  @TempDir Path dir;
  final StringWriter err = new StringWriter();
  final StringWriter out = new StringWriter();

  int run(Map<String, String> env, String... args) {
    CommandLine cli = PorticoCp.commandLine(env);
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(out, true));
    return cli.execute(args);
  }

  @Test
  void badEnvironmentValueExitsNonZeroNamingTheVariable() {
    int code = run(Map.of("HOME", dir.toString(), "PORTICO_API_SERVER_HTTP_PORT", "eighty"), "run");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .contains("invalid configuration")
        .contains("environment variable PORTICO_API_SERVER_HTTP_PORT")
        .contains("expected a port number");
  }

  @Test
  void unknownKeyInTheConfigFileExitsNonZeroNamingTheKey() throws Exception {
    Path file = Files.writeString(dir.resolve("cp.yaml"), "apiServer:\n  colour: blue\n");
    int code = run(Map.of("HOME", dir.toString()), "run", "--config-file", file.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("unknown config key apiServer.colour");
  }

  @Test
  void unavailableStoreExitsNonZeroWithItsReason() {
    Map<String, String> env =
        Map.of(
            "HOME", dir.toString(),
            "PORTICO_GENERAL_WORK_DIR", dir.toString(),
            "PORTICO_STORE_TYPE", "postgres",
            "PORTICO_STORE_POSTGRES_PORT", "1",
            "PORTICO_STORE_POSTGRES_CONNECTION_TIMEOUT", "1s");
    int code = run(env, "run");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).startsWith("portico-cp: cannot start: ");
  }

  @Test
  void unknownOptionExitsWithUsageError() {
    assertThat(run(Map.of(), "run", "--no-such-flag")).isEqualTo(2);
    assertThat(err.toString()).contains("--no-such-flag");
  }

  @Test
  void helpListsTheRunCommand() {
    assertThat(run(Map.of(), "--help")).isZero();
    assertThat(out.toString()).contains("run");
  }
}
