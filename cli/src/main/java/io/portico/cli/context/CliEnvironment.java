package io.portico.cli.context;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * The outside world of one porticoctl run, injected so that tests run commands in-process.
 *
 * @param home the user's home directory (the default configuration lives under it)
 * @param variables environment variables
 * @param clock the clock AGE columns are computed against
 * @param stdin read by {@code apply -f -}
 * @param out standard output
 * @param err standard error
 */
public record CliEnvironment(
    Path home,
    Map<String, String> variables,
    Clock clock,
    InputStream stdin,
    PrintWriter out,
    PrintWriter err) {
  public CliEnvironment {
    Objects.requireNonNull(home, "home");
    variables = Map.copyOf(variables);
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
  }

  /** The real process environment. */
  public static CliEnvironment system() {
    String home = System.getenv().getOrDefault("HOME", System.getProperty("user.home"));
    return new CliEnvironment(
        Path.of(home),
        System.getenv(),
        Clock.systemUTC(),
        System.in,
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8));
  }
}
