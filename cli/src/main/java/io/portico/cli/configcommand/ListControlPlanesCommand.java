package io.portico.cli.configcommand;

import io.portico.cli.config.CliConfig;
import io.portico.cli.config.ContextEntry;
import io.portico.cli.config.ControlPlaneEntry;
import io.portico.cli.context.CliContext;
import io.portico.cli.output.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code config control-planes list}: columns ACTIVE ({@code *}), NAME, ADDRESS. */
@Command(name = "list", description = "List known control planes.")
final class ListControlPlanesCommand implements Callable<Integer> {
  private final CliContext context;

  ListControlPlanesCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CliConfig config = context.config();
    String active =
        config.context(config.currentContext()).map(ContextEntry::controlPlane).orElse(null);
    List<List<String>> rows = new ArrayList<>();
    for (ControlPlaneEntry cp : config.controlPlanes()) {
      rows.add(List.of(cp.name().equals(active) ? "*" : "", cp.name(), cp.apiServer().url()));
    }
    context.out().print(new Table(List.of("ACTIVE", "NAME", "ADDRESS"), rows).render());
    context.out().flush();
    return 0;
  }
}
