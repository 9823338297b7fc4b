package io.portico.cli.resources;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.cli.client.ApiErrorException;
import io.portico.cli.client.ResourcePaths;
import io.portico.cli.context.CliContext;
import io.portico.cli.context.CliException;
import io.portico.cli.output.Documents;
import io.portico.cli.output.OutputFormat;
import io.portico.mesh.api.ResourceType;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code get <singular> NAME}: one resource, as a one-row table or as YAML or JSON. A missing
 * resource fails with kumactl's {@code No resources found in <mesh> mesh} ({@code No resources
 * found} for global types).
 */
@Command(description = "Show a single resource.")
final class GetResourceCommand implements Callable<Integer> {
  private final CliContext context;
  private final ResourceType<?> type;

  @Parameters(index = "0", paramLabel = "NAME", description = "name of the resource")
  String name;

  @Option(
      names = {"-m", "--mesh"},
      defaultValue = "default",
      description = "mesh to use (default: ${DEFAULT-VALUE})")
  String mesh;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      converter = OutputFormatConverter.class,
      description = "output format: one of table|yaml|json (default: ${DEFAULT-VALUE})")
  OutputFormat output;

  GetResourceCommand(CliContext context, ResourceType<?> type) {
    this.context = context;
    this.type = type;
  }

  @Override
  public Integer call() {
    String inMesh = type.isMeshScoped() ? mesh : "";
    JsonNode resource;
    try {
      resource =
          context
              .client()
              .find(ResourcePaths.item(type, inMesh, name))
              .orElseThrow(
                  () ->
                      new CliException(
                          inMesh.isEmpty()
                              ? "No resources found"
                              : "No resources found in " + inMesh + " mesh"));
    } catch (ApiErrorException e) {
      throw new CliException(
          "could not get "
              + type.name()
              + " \""
              + name
              + "\""
              + (inMesh.isEmpty() ? "" : " in mesh \"" + inMesh + "\"")
              + ": "
              + e.getMessage(),
          e);
    }
    if (output == OutputFormat.TABLE) {
      context
          .out()
          .print(ResourceTables.table(type, List.of(resource), context.now(), "").render());
    } else {
      context.out().print(Documents.write(resource, output));
    }
    context.out().flush();
    return 0;
  }
}
