package io.portico.cli.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.cli.client.ApiErrorException;
import io.portico.cli.client.ControlPlaneClient;
import io.portico.cli.client.ResourcePage;
import io.portico.cli.client.ResourcePaths;
import io.portico.cli.context.CliContext;
import io.portico.cli.context.CliException;
import io.portico.cli.output.Documents;
import io.portico.cli.output.OutputFormat;
import io.portico.cli.output.Table;
import io.portico.cli.resources.OutputFormatConverter;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.types.ResourceTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code inspect meshes}: per mesh, online/total dataplanes and the number of each policy kind
 * (spec/core.md §5.8).
 *
 * <p>The numbers come from {@code GET /mesh-insights} as in kumactl. When the control plane does
 * not serve insights (404), they are computed from the list endpoints instead: each count is the
 * {@code total} of a one-item page, and online dataplanes are counted from {@code
 * /meshes/{mesh}/dataplanes+insights} (0 when that is not served either). YAML and JSON print the
 * insights list, or one built the same way from the computed numbers.
 */
@Command(name = "meshes", description = "Inspect meshes.")
final class InspectMeshesCommand implements Callable<Integer> {
  /** The counted kinds, in column order. */
  static final List<Column> COLUMNS =
      List.of(
          new Column("TRAFFIC PERMISSIONS", ResourceTypes.TRAFFIC_PERMISSION),
          new Column("TRAFFIC ROUTES", ResourceTypes.TRAFFIC_ROUTE),
          new Column("CIRCUIT BREAKERS", ResourceTypes.CIRCUIT_BREAKER),
          new Column("HEALTH CHECKS", ResourceTypes.HEALTH_CHECK),
          new Column("FAULT INJECTIONS", ResourceTypes.FAULT_INJECTION),
          new Column("EXTERNAL SERVICES", ResourceTypes.EXTERNAL_SERVICE),
          new Column("TRAFFIC TRACES", ResourceTypes.TRAFFIC_TRACE),
          new Column("TRAFFIC LOGS", ResourceTypes.TRAFFIC_LOG),
          new Column("PROXY TEMPLATES", ResourceTypes.PROXY_TEMPLATE),
          new Column("RATE LIMITS", ResourceTypes.RATE_LIMIT));

  private static final int PAGE_SIZE = 1000;

  /** A counted column: its header and the type it counts. */
  record Column(String header, ResourceType<?> type) {}

  private final CliContext context;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      converter = OutputFormatConverter.class,
      description = "output format: one of table|yaml|json (default: ${DEFAULT-VALUE})")
  OutputFormat output;

  InspectMeshesCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ControlPlaneClient client = context.client();
    List<MeshSummary> summaries;
    JsonNode document;
    try {
      Optional<List<JsonNode>> insights = listAll(client, "/mesh-insights");
      if (insights.isPresent()) {
        summaries = insights.get().stream().map(InspectMeshesCommand::fromInsight).toList();
        document = listDocument(insights.get());
      } else {
        summaries = computeFromLists(client);
        document = listDocument(summaries.stream().map(InspectMeshesCommand::toInsight).toList());
      }
    } catch (ApiErrorException e) {
      throw new CliException("could not inspect meshes: " + e.getMessage(), e);
    }
    if (output == OutputFormat.TABLE) {
      context.out().print(table(summaries).render());
    } else {
      context.out().print(Documents.write(document, output));
    }
    context.out().flush();
    return 0;
  }

  static Table table(List<MeshSummary> summaries) {
    List<String> headers = new ArrayList<>(List.of("MESH", "DATAPLANES"));
    COLUMNS.forEach(c -> headers.add(c.header()));
    List<List<String>> rows = new ArrayList<>();
    for (MeshSummary s : summaries) {
      List<String> row = new ArrayList<>();
      row.add(s.mesh());
      row.add(s.onlineDataplanes() + "/" + s.totalDataplanes());
      COLUMNS.forEach(c -> row.add(Long.toString(s.total(c.type().name()))));
      rows.add(row);
    }
    return new Table(headers, rows);
  }

  private static MeshSummary fromInsight(JsonNode insight) {
    Map<String, Long> totals = new LinkedHashMap<>();
    insight
        .path("policies")
        .properties()
        .forEach(e -> totals.put(e.getKey(), e.getValue().path("total").asLong(0)));
    JsonNode dataplanes = insight.path("dataplanes");
    return new MeshSummary(
        insight.path("name").asText(""),
        dataplanes.path("online").asLong(0),
        dataplanes.path("total").asLong(0),
        totals);
  }

  private static JsonNode toInsight(MeshSummary summary) {
    ObjectNode insight = JsonNodeFactory.instance.objectNode();
    insight.put("type", "MeshInsight");
    insight.put("name", summary.mesh());
    insight
        .putObject("dataplanes")
        .put("online", summary.onlineDataplanes())
        .put("total", summary.totalDataplanes());
    ObjectNode policies = insight.putObject("policies");
    summary.policyTotals().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> policies.putObject(e.getKey()).put("total", e.getValue()));
    return insight;
  }

  private static JsonNode listDocument(List<JsonNode> items) {
    ObjectNode list = JsonNodeFactory.instance.objectNode();
    list.put("total", items.size());
    ArrayNode array = list.putArray("items");
    items.forEach(array::add);
    list.putNull("next");
    return list;
  }

  private List<MeshSummary> computeFromLists(ControlPlaneClient client) {
    List<MeshSummary> summaries = new ArrayList<>();
    List<JsonNode> meshes =
        listAll(client, ResourcePaths.collection(ResourceTypes.MESH, "")).orElse(List.of());
    for (JsonNode mesh : meshes) {
      String name = mesh.path("name").asText("");
      Map<String, Long> totals = new LinkedHashMap<>();
      for (Column column : COLUMNS) {
        totals.put(column.type().name(), count(client, column.type(), name));
      }
      long dataplanes = count(client, ResourceTypes.DATAPLANE, name);
      long online =
          listAll(client, "/meshes/" + ResourcePaths.segment(name) + "/dataplanes+insights")
              .map(overviews -> overviews.stream().filter(InspectMeshesCommand::isOnline).count())
              .orElse(0L);
      summaries.add(new MeshSummary(name, online, dataplanes, totals));
    }
    return summaries;
  }

  private static long count(ControlPlaneClient client, ResourceType<?> type, String mesh) {
    return client.list(ResourcePaths.collection(type, mesh), 1, null).total();
  }

  /**
   * Online as spec/core.md §5.6 defines it: some subscription is connected and not disconnected,
   * and (except for gateways) no inbound reports {@code ready: false}.
   */
  static boolean isOnline(JsonNode overview) {
    boolean connected = false;
    for (JsonNode subscription : overview.path("dataplaneInsight").path("subscriptions")) {
      if (subscription.hasNonNull("connectTime") && !subscription.hasNonNull("disconnectTime")) {
        connected = true;
      }
    }
    if (!connected) {
      return false;
    }
    JsonNode networking = overview.path("dataplane").path("networking");
    if (networking.has("gateway")) {
      return true;
    }
    for (JsonNode inbound : networking.path("inbound")) {
      if (!inbound.path("health").path("ready").asBoolean(true)) {
        return false;
      }
    }
    return true;
  }

  /** Every item of a list endpoint, all pages; empty when the endpoint answers 404. */
  private static Optional<List<JsonNode>> listAll(ControlPlaneClient client, String path) {
    List<JsonNode> items = new ArrayList<>();
    String offset = null;
    do {
      ResourcePage page;
      try {
        page = client.list(path, PAGE_SIZE, offset);
      } catch (ApiErrorException e) {
        if (e.status() == 404 && offset == null) {
          return Optional.empty();
        }
        throw e;
      }
      items.addAll(page.items());
      offset = page.nextOffset();
    } while (!offset.isEmpty());
    return Optional.of(items);
  }
}
