package io.portico.cli.install;

import io.portico.cli.context.CliContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code porticoctl install}: a parent for the Kubernetes installation subcommands. */
@Command(
    name = "install",
    description = "Print the Kubernetes objects that install Portico.",
    synopsisSubcommandLabel = "COMMAND")
public final class InstallCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "missing what to install, for example: porticoctl install control-plane | kubectl apply -f"
            + " -");
  }

  /** The {@code install} command with its subcommands. */
  public static CommandLine create(CliContext context) {
    CommandLine install = new CommandLine(new InstallCommand());
    install.addSubcommand("crds", new InstallCrdsCommand(context));
    install.addSubcommand("control-plane", new InstallControlPlaneCommand(context));
    return install;
  }
}
