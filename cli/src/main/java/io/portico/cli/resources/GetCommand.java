package io.portico.cli.resources;

import io.portico.cli.context.CliContext;
import io.portico.mesh.api.ResourceType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code porticoctl get}: a {@code get <plural>} and a {@code get <singular> NAME} subcommand per
 * resource type, as kumactl has.
 */
@Command(
    name = "get",
    description = "Show resources.",
    synopsisSubcommandLabel = "TYPE",
    footer = {"", "Types are listed above as COMMANDS: a plural lists, a singular shows one."})
public final class GetCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing resource type, for example: porticoctl get meshes");
  }

  /** The {@code get} command with one list and one single-resource subcommand per type. */
  public static CommandLine create(CliContext context) {
    CommandLine get = new CommandLine(new GetCommand());
    Set<String> used = new HashSet<>();
    for (ResourceType<?> type : context.types().all()) {
      used.add(type.cliPlural());
      used.add(type.cliSingular());
    }
    for (ResourceType<?> type : context.types().all()) {
      CommandLine list = new CommandLine(new GetResourcesCommand(context, type));
      list.getCommandSpec().usageMessage().description("Show " + type.name() + " resources.");
      get.addSubcommand(type.cliPlural(), list, aliases(used, type.plural()));
      CommandLine one = new CommandLine(new GetResourceCommand(context, type));
      one.getCommandSpec()
          .usageMessage()
          .description("Show a single " + type.name() + " resource.");
      get.addSubcommand(
          type.cliSingular(), one, aliases(used, type.name().toLowerCase(Locale.ROOT)));
    }
    return get;
  }

  /** The REST plural or lowercase type name as an alias, when no command has that name yet. */
  private static String[] aliases(Set<String> used, String candidate) {
    List<String> aliases = new ArrayList<>();
    if (used.add(candidate)) {
      aliases.add(candidate);
    }
    return aliases.toArray(String[]::new);
  }
}
