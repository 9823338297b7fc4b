package io.portico.cli.configcommand;

import io.portico.cli.config.CliConfig;
import io.portico.cli.context.CliContext;
import io.portico.cli.context.CliException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code config control-planes switch --name N}: makes the context of that name current. */
@Command(name = "switch", description = "Switch the active control plane.")
final class SwitchControlPlaneCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(names = "--name", required = true, description = "reference name of the control plane")
  String name;

  SwitchControlPlaneCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CliConfig switched =
        context
            .config()
            .switchTo(name)
            .orElseThrow(
                () -> new CliException("there is no Control Plane with name \"" + name + "\""));
    context.saveConfig(switched);
    context.out().println("switched active Control Plane to \"" + name + "\"");
    context.out().flush();
    return 0;
  }
}
