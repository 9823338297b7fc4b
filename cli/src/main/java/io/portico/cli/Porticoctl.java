package io.portico.cli;

import io.portico.cli.apply.ApplyCommand;
import io.portico.cli.client.ControlPlaneException;
import io.portico.cli.config.ConfigFileException;
import io.portico.cli.configcommand.ConfigCommand;
import io.portico.cli.context.CliContext;
import io.portico.cli.context.CliEnvironment;
import io.portico.cli.context.CliException;
import io.portico.cli.context.GlobalOptions;
import io.portico.cli.generate.GenerateCommand;
import io.portico.cli.inspect.InspectCommand;
import io.portico.cli.install.InstallCommand;
import io.portico.cli.resources.DeleteCommand;
import io.portico.cli.resources.GetCommand;
import io.portico.cli.version.ClientVersion;
import io.portico.cli.version.VersionCommand;
import io.portico.format.GoDurations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code porticoctl} root command and entry point.
 *
 * <p>Global options, accepted before or after the subcommand: {@code --config-file} (default {@code
 * $PORTICOCTL_CONFIG}, else {@code ~/.porticoctl/config}), {@code --api-timeout} (Go duration,
 * default 1m) and {@code --debug} (stack traces on failure).
 */
@Command(
    name = "porticoctl",
    description = "Management tool for Portico, a Kuma-compatible service mesh.",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = Porticoctl.Version.class,
    synopsisSubcommandLabel = "COMMAND")
public final class Porticoctl implements Runnable, GlobalOptions {
  @Spec CommandSpec spec;

  @Option(
      names = "--config-file",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description =
          "path to the configuration file (default: $PORTICOCTL_CONFIG or ~/.porticoctl/config)")
  Path configFile;

  @Option(
      names = "--api-timeout",
      paramLabel = "DURATION",
      defaultValue = "1m",
      scope = ScopeType.INHERIT,
      converter = DurationConverter.class,
      description =
          "timeout for each call to the control plane, e.g. 30s (default: ${DEFAULT-VALUE})")
  Duration apiTimeout;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "print stack traces of failures")
  boolean debug;

  public static void main(String[] args) {
    System.exit(run(CliEnvironment.system(), args));
  }

  /** Runs one command line; returns the exit code. */
  public static int run(CliEnvironment environment, String... args) {
    Porticoctl root = new Porticoctl();
    CliContext context = new CliContext(environment, root);
    CommandLine cli = new CommandLine(root);
    cli.addSubcommand("apply", new ApplyCommand(context));
    cli.addSubcommand("get", GetCommand.create(context));
    cli.addSubcommand("delete", new DeleteCommand(context));
    cli.addSubcommand("inspect", InspectCommand.create(context));
    cli.addSubcommand("generate", GenerateCommand.create(context));
    cli.addSubcommand("config", ConfigCommand.create(context));
    cli.addSubcommand("install", InstallCommand.create(context));
    cli.addSubcommand("version", new VersionCommand(context));
    cli.setOut(environment.out());
    cli.setErr(environment.err());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> report(e, root.debug, environment.err()));
    cli.setParameterExceptionHandler(Porticoctl::reportUsage);
    int code = cli.execute(args);
    environment.out().flush();
    environment.err().flush();
    return code;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command");
  }

  @Override
  public Path configFile() {
    return configFile;
  }

  @Override
  public Duration apiTimeout() {
    return apiTimeout;
  }

  private static int report(Exception e, boolean debug, PrintWriter err) {
    if (e instanceof CliException
        || e instanceof ControlPlaneException
        || e instanceof ConfigFileException) {
      err.println("Error: " + e.getMessage());
    } else {
      err.println(
          "Error: unexpected failure: "
              + e
              + (debug ? "" : " (run again with --debug for the stack trace)"));
    }
    if (debug) {
      e.printStackTrace(err);
    }
    err.flush();
    return 1;
  }

  private static int reportUsage(ParameterException e, String[] args) {
    CommandLine commandLine = e.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println("Error: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return commandLine.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** Parses Go durations ({@code 30s}, {@code 1m30s}). */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        Duration parsed = GoDurations.parse(value);
        if (parsed.isNegative() || parsed.isZero()) {
          throw new TypeConversionException(
              "\"" + value + "\": expected a positive duration such as 30s or 1m");
        }
        return parsed;
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "\"" + value + "\": expected a duration such as 30s or 1m");
      }
    }
  }

  /** {@code porticoctl --version}. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"porticoctl: " + ClientVersion.get()};
    }
  }
}
