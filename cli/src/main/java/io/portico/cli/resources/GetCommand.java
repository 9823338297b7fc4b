package io.portico.cli.resources;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code get <plural> [--size N] [--offset O]} lists one page of a type; {@code get <singular>
 * NAME} shows one resource. Types are named as in kumactl ({@code meshes}, {@code mesh}), or by
 * their REST plural ({@code health-checks}) or lowercase type name ({@code healthcheck}).
 *
 * <p>One command resolves the type at run time rather than one subcommand per type, which keeps
 * start-up fast. Tables follow {@link ResourceTables}; an empty page prints the header row only, as
 * kumactl does. YAML and JSON print what the API returned; a page as {@code total}, {@code items},
 * {@code next}. A missing named resource fails with kumactl's {@code No resources found in <mesh>
 * mesh} ({@code No resources found} for global types).
 *
 * <p>Secrets and global secrets never show their {@code data} in tables (their columns are the
 * generic ones); in YAML and JSON it reads {@code <redacted>} unless {@code --show-data} is given.
 * The API refuses them to non-admin users (403), which is explained.
 */
@Command(name = "get", description = "Show resources.")
public final class GetCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "TYPE",
      description = "a plural lists (meshes, dataplanes, ...), a singular with NAME shows one")
  String typeName;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "NAME",
      description = "name of the resource")
  String name;

  @Option(
      names = {"-m", "--mesh"},
      paramLabel = "MESH",
      defaultValue = "default",
      description = "mesh to use (default: ${DEFAULT-VALUE})")
  String mesh;

  @Option(names = "--size", paramLabel = "N", description = "maximum number of resources to list")
  Integer size;

  @Option(
      names = "--offset",
      paramLabel = "OFFSET",
      description = "where to start listing, from a previous page's footer")
  String offset;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      converter = OutputFormatConverter.class,
      description = "output format: one of table|yaml|json (default: ${DEFAULT-VALUE})")
  OutputFormat output;

  @Option(
      names = "--show-data",
      description =
          "print the data of secrets and global secrets in yaml and json (otherwise <redacted>)")
  boolean showData;

  /** What replaces a secret's data in YAML and JSON without {@code --show-data}. */
  static final String REDACTED = "<redacted>";

  private static final Set<String> SECRET_TYPES = Set.of("Secret", "GlobalSecret");

  public GetCommand(CliContext context) {
    this.context = context;
  }

  /** The {@code get} command, its help listing every type. */
  public static CommandLine create(CliContext context) {
    CommandLine get = new CommandLine(new GetCommand(context));
    get.getCommandSpec()
        .usageMessage()
        .footer(
            "",
            "Types: "
                + context.types().all().stream()
                    .map(t -> t.cliPlural() + " (" + t.cliSingular() + " NAME)")
                    .collect(Collectors.joining(", ")));
    return get;
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
                        "unknown resource type \""
                            + typeName
                            + "\": expected one of "
                            + context.types().all().stream()
                                .map(ResourceType::cliPlural)
                                .collect(Collectors.joining(", "))));
    String inMesh = type.isMeshScoped() ? mesh : "";
    if (name == null) {
      if (isSingular(type, typeName)) {
        throw new ParameterException(
            spec.commandLine(),
            "missing NAME: \"get "
                + typeName
                + " NAME\" shows one "
                + type.name()
                + ", \"get "
                + type.cliPlural()
                + "\" lists them");
      }
      list(type, inMesh);
    } else {
      if (size != null || offset != null) {
        throw new ParameterException(
            spec.commandLine(), "--size and --offset apply to lists, not to a named resource");
      }
      one(type, inMesh);
    }
    context.out().flush();
    return 0;
  }

  private static boolean isSingular(ResourceType<?> type, String given) {
    String lower = given.toLowerCase(Locale.ROOT);
    return !lower.equals(type.cliPlural()) && !lower.equals(type.plural());
  }

  private void list(ResourceType<?> type, String inMesh) {
    if (size != null && size < 1) {
      throw new ParameterException(
          spec.commandLine(), "--size " + size + ": expected a positive number");
    }
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
      return;
    }
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    tree.put("total", page.total());
    ArrayNode items = tree.putArray("items");
    page.items().forEach(item -> items.add(shown(type, item)));
    if (page.next().isEmpty()) {
      tree.putNull("next");
    } else {
      tree.put("next", page.next());
    }
    context.out().print(Documents.write(tree, output));
  }

  private void one(ResourceType<?> type, String inMesh) {
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
      context.out().print(Documents.write(shown(type, resource), output));
    }
  }

  /** The resource as printed: a secret's {@code data} redacted unless asked for. */
  private JsonNode shown(ResourceType<?> type, JsonNode resource) {
    if (showData || !SECRET_TYPES.contains(type.name()) || !resource.has("data")) {
      return resource;
    }
    ObjectNode copy = resource.deepCopy();
    copy.put("data", REDACTED);
    return copy;
  }
}
