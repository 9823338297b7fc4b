package io.portico.cli.configcommand;

import io.portico.cli.config.ConfigFile;
import io.portico.cli.context.CliContext;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code porticoctl config}: manage the configuration. */
@Command(
    name = "config",
    description = "Manage porticoctl configuration.",
    synopsisSubcommandLabel = "COMMAND")
public final class ConfigCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: control-planes or view");
  }

  /** The {@code config} command with its subcommands. */
  public static CommandLine create(CliContext context) {
    CommandLine controlPlanes = new CommandLine(new ControlPlanesCommand());
    controlPlanes.addSubcommand("add", new AddControlPlaneCommand(context));
    controlPlanes.addSubcommand("list", new ListControlPlanesCommand(context));
    controlPlanes.addSubcommand("switch", new SwitchControlPlaneCommand(context));
    controlPlanes.addSubcommand("remove", new RemoveControlPlaneCommand(context));
    CommandLine config = new CommandLine(new ConfigCommand());
    config.addSubcommand("control-planes", controlPlanes);
    config.addSubcommand("view", new ViewCommand(context));
    return config;
  }

  /** {@code config control-planes}: a parent for add, list, switch and remove. */
  @Command(
      name = "control-planes",
      description = "Manage known control planes.",
      synopsisSubcommandLabel = "COMMAND")
  static final class ControlPlanesCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      throw new ParameterException(
          spec.commandLine(), "missing subcommand: add, list, switch or remove");
    }
  }

  /** {@code config view}: prints the configuration as the file holds it. */
  @Command(name = "view", description = "Show the configuration.")
  static final class ViewCommand implements Callable<Integer> {
    private final CliContext context;

    ViewCommand(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      context.out().print(ConfigFile.toYaml(context.config()));
      context.out().flush();
      return 0;
    }
  }
}
