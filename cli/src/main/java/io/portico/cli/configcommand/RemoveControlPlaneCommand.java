package io.portico.cli.configcommand;

import io.portico.cli.config.CliConfig;
import io.portico.cli.config.ContextEntry;
import io.portico.cli.context.CliContext;
import io.portico.cli.context.CliException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code config control-planes remove --name N}: removes the control plane and its contexts; when
 * the current context goes, the first remaining one becomes current.
 */
@Command(name = "remove", description = "Remove a control plane.")
final class RemoveControlPlaneCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(names = "--name", required = true, description = "reference name of the control plane")
  String name;

  RemoveControlPlaneCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CliConfig removed =
        context
            .config()
            .withoutControlPlane(name)
            .orElseThrow(
                () -> new CliException("there is no Control Plane with name \"" + name + "\""));
    context.saveConfig(removed);
    context.out().println("removed Control Plane \"" + name + "\"");
    Optional<ContextEntry> current = removed.context(removed.currentContext());
    if (current.isPresent()) {
      context
          .out()
          .println("switched active Control Plane to \"" + current.get().controlPlane() + "\"");
    } else {
      context
          .out()
          .println(
              "there is no active Control Plane left. Use `porticoctl config control-planes add`"
                  + " to add a Control Plane and make it active");
    }
    context.out().flush();
    return 0;
  }
}
