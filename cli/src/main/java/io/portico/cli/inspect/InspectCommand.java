package io.portico.cli.inspect;

import io.portico.cli.context.CliContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code porticoctl inspect}: a parent for the inspection subcommands. */
@Command(name = "inspect", description = "Inspect resources.", synopsisSubcommandLabel = "COMMAND")
public final class InspectCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing what to inspect, for example: porticoctl inspect meshes");
  }

  /** The {@code inspect} command with its subcommands. */
  public static CommandLine create(CliContext context) {
    CommandLine inspect = new CommandLine(new InspectCommand());
    inspect.addSubcommand("meshes", new InspectMeshesCommand(context));
    inspect.addSubcommand("dataplanes", new InspectDataplanesCommand(context));
    return inspect;
  }
}
