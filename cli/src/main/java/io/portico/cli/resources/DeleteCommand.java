package io.portico.cli.resources;

import io.portico.cli.client.ApiErrorException;
import io.portico.cli.client.ResourcePaths;
import io.portico.cli.context.CliContext;
import io.portico.cli.context.CliException;
import io.portico.mesh.api.ResourceType;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code delete TYPE NAME}: prints {@code deleted <Type> "<name>"}; a missing resource fails with
 * {@code there is no <Type> with name "<name>"} (kumahq/kuma:app/kumactl/cmd/delete/delete.go).
 */
@Command(name = "delete", description = "Delete a resource.")
public final class DeleteCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "TYPE",
      description = "type of the resource, e.g. mesh, dataplane, meshgateway")
  String typeName;

  @Parameters(index = "1", paramLabel = "NAME", description = "name of the resource")
  String name;

  @Option(
      names = {"-m", "--mesh"},
      paramLabel = "MESH",
      defaultValue = "default",
      description = "mesh to use (default: ${DEFAULT-VALUE})")
  String mesh;

  public DeleteCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ResourceType<?> type =
        context
            .types()
            .byCliName(typeName)
            .orElseThrow(
                () ->
                    new ParameterException(
                        spec.commandLine(),
                        "unknown TYPE \""
                            + typeName
                            + "\": expected one of "
                            + context.types().all().stream()
                                .map(ResourceType::cliSingular)
                                .sorted()
                                .collect(Collectors.joining(", "))));
    String inMesh = type.isMeshScoped() ? mesh : "";
    boolean deleted;
    try {
      deleted = context.client().delete(ResourcePaths.item(type, inMesh, name));
    } catch (ApiErrorException e) {
      throw new CliException(
          "could not delete " + type.name() + " \"" + name + "\": " + e.getMessage(), e);
    }
    if (!deleted) {
      throw new CliException("there is no " + type.name() + " with name \"" + name + "\"");
    }
    context.out().println("deleted " + type.name() + " \"" + name + "\"");
    context.out().flush();
    return 0;
  }
}
