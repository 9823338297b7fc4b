package io.portico.proxy;

import io.portico.proxy.run.BadInputException;
import io.portico.proxy.run.Launch;
import io.portico.proxy.run.RunCommand;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code portico-dp}, the data-plane proxy program ({@code bin/portico-dp}). Its one command,
 * {@code run}, takes kuma-dp's flags; see {@link RunCommand} and {@code docs/portico-dp.md}.
 */
@Command(
    name = "portico-dp",
    mixinStandardHelpOptions = true,
    versionProvider = PorticoDp.Version.class,
    description = "Portico data-plane proxy.")
public final class PorticoDp {
  private static final Logger log = LoggerFactory.getLogger(PorticoDp.class);

  private PorticoDp() {}

  public static void main(String[] args) {
    System.exit(commandLine(Launch.ofProcess()).execute(args));
  }

  /** The command line with its inputs injected, for running in-process. */
  public static CommandLine commandLine(Launch launch) {
    CommandLine commandLine = new CommandLine(new PorticoDp());
    commandLine.addSubcommand("run", new RunCommand(launch));
    commandLine.setDefaultValueProvider(RunCommand.environmentDefaults(launch.environment()));
    commandLine.setExecutionExceptionHandler(
        (exception, failed, parseResult) -> {
          PrintWriter err = failed.getErr();
          if (exception instanceof BadInputException) {
            err.println("Error: " + exception.getMessage());
            err.flush();
            return BadInputException.EXIT_CODE;
          }
          log.atDebug().setCause(exception).log("portico-dp failed");
          err.println("Error: " + exception);
          err.flush();
          return 1;
        });
    return commandLine;
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Package pkg = PorticoDp.class.getPackage();
      String version = pkg == null ? null : pkg.getImplementationVersion();
      return new String[] {"portico-dp " + (version == null ? "dev" : version)};
    }
  }
}
