package io.portico.cli.version;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.cli.client.ControlPlaneException;
import io.portico.cli.context.CliContext;
import io.portico.cli.context.CliException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code version [--client]}: prints {@code porticoctl: <version>}, then {@code control plane:
 * <version>} from the control plane's {@code GET /}. As kumactl, an unreachable control plane is
 * reported on stderr and does not fail the command.
 */
@Command(name = "version", description = "Print the client and control plane versions.")
public final class VersionCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(names = "--client", description = "print the client version only")
  boolean clientOnly;

  public VersionCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.out().println("porticoctl: " + ClientVersion.get());
    context.out().flush();
    if (clientOnly) {
      return 0;
    }
    try {
      JsonNode index = context.client().index();
      context.out().println("control plane: " + index.path("version").asText("unknown"));
    } catch (ControlPlaneException | CliException e) {
      context.err().println("Unable to connect to control plane: " + e.getMessage());
    }
    context.out().flush();
    context.err().flush();
    return 0;
  }
}
