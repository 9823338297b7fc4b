package io.portico.cli;

import io.portico.cli.config.ApiServer;
import io.portico.cli.config.CliConfig;
import io.portico.cli.config.ConfigFile;
import io.portico.cli.config.ControlPlaneEntry;
import io.portico.cli.context.CliEnvironment;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Runs porticoctl in-process with a temporary home, a fixed clock and captured output. */
public final class CliRunner {
  /** What one run printed and returned. */
  public record Result(int exitCode, String out, String err) {}

  private final Path home;
  private final Instant now;
  private final Map<String, String> variables;

  public CliRunner(Path home, Instant now) {
    this(home, now, Map.of());
  }

  CliRunner(Path home, Instant now, Map<String, String> variables) {
    this.home = home;
    this.now = now;
    this.variables = Map.copyOf(variables);
  }

  Path configFile() {
    return home.resolve(".porticoctl").resolve("config");
  }

  /** Writes a configuration whose only and current control plane is at {@code address}. */
  void useControlPlane(String address) {
    ConfigFile.write(
        configFile(),
        new CliConfig(List.of(), List.of(), "")
            .withControlPlane(new ControlPlaneEntry("test", ApiServer.of(address))));
  }

  public Result run(String... args) {
    return runWithStdin("", args);
  }

  Result runWithStdin(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment environment =
        new CliEnvironment(
            home,
            variables,
            Clock.fixed(now, ZoneOffset.UTC),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    int code = Porticoctl.run(environment, args);
    return new Result(code, out.toString(), err.toString());
  }
}
