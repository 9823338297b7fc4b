package io.portico.cli.generate;

import io.portico.cli.context.CliContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code porticoctl generate}: a parent for the generation subcommands. */
@Command(
    name = "generate",
    description = "Generate resources, tokens, etc.",
    synopsisSubcommandLabel = "COMMAND")
public final class GenerateCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "missing what to generate, for example: porticoctl generate dataplane-token --name web-1");
  }

  /** The {@code generate} command with its subcommands. */
  public static CommandLine create(CliContext context) {
    CommandLine generate = new CommandLine(new GenerateCommand());
    generate.addSubcommand("dataplane-token", new GenerateDataplaneTokenCommand(context));
    generate.addSubcommand("tls-certificate", new GenerateTlsCertificateCommand(context));
    return generate;
  }
}
