package io.portico.cli.resources;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.cli.client.ApiErrorException;
import io.portico.cli.client.ResourcePage;
import io.portico.cli.client.ResourcePaths;
import io.portico.cli.context.CliContext;
import io.portico.cli.context.CliException;
import io.portico.cli.output.Documents;
import io.portico.cli.output.OutputFormat;
import io.portico.mesh.api.ResourceType;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code get <plural>}: one page of a type, in the current mesh for mesh-scoped types. An empty
 * page prints the header row only, as kumactl does. YAML and JSON print the page as the API
 * returned it: {@code total}, {@code items}, {@code next}.
 */
@Command(description = "Show resources.")
final class GetResourcesCommand implements Callable<Integer> {
  private final CliContext context;
  private final ResourceType<?> type;

  @Option(
      names = {"-m", "--mesh"},
      defaultValue = "default",
      description = "mesh to use (default: ${DEFAULT-VALUE})")
  String mesh;

  @Option(names = "--size", description = "maximum number of elements to return")
  Integer size;

  @Option(
      names = "--offset",
      description = "the offset that indicates starting element of the resources list to retrieve")
  String offset;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      converter = OutputFormatConverter.class,
      description = "output format: one of table|yaml|json (default: ${DEFAULT-VALUE})")
  OutputFormat output;

  GetResourcesCommand(CliContext context, ResourceType<?> type) {
    this.context = context;
    this.type = type;
  }

  @Override
  public Integer call() {
    if (size != null && size < 1) {
      throw new CliException("--size " + size + ": expected a positive number");
    }
    String inMesh = type.isMeshScoped() ? mesh : "";
    ResourcePage page;
    try {
      page = context.client().list(ResourcePaths.collection(type, inMesh), size, offset);
    } catch (ApiErrorException e) {
      throw new CliException(
          "could not list "
              + type.cliPlural()
              + (inMesh.isEmpty() ? "" : " in mesh \"" + inMesh + "\"")
              + ": "
              + e.getMessage(),
          e);
    }
    if (output == OutputFormat.TABLE) {
      context
          .out()
          .print(
              ResourceTables.table(type, page.items(), context.now(), page.nextOffset()).render());
    } else {
      ObjectNode tree = JsonNodeFactory.instance.objectNode();
      tree.put("total", page.total());
      ArrayNode items = tree.putArray("items");
      page.items().forEach(items::add);
      if (page.next().isEmpty()) {
        tree.putNull("next");
      } else {
        tree.put("next", page.next());
      }
      context.out().print(Documents.write(tree, output));
    }
    context.out().flush();
    return 0;
  }
}
