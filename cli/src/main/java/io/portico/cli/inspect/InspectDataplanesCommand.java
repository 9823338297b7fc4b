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
import io.portico.cli.output.Age;
import io.portico.cli.output.Documents;
import io.portico.cli.output.OutputFormat;
import io.portico.cli.output.Table;
import io.portico.cli.resources.OutputFormatConverter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code inspect dataplanes} (spec/core.md §5.8): every dataplane of a mesh with its status and
 * what its proxies' config streams did, from {@code GET /meshes/{mesh}/dataplanes+insights} (all
 * pages; {@code --tag k=v} and {@code --gateway} become the API's {@code tag=k:v} and {@code
 * gateway=true} filters).
 *
 * <p>Columns are kumactl's, with PORTICO-DP VERSION instead of KUMA-DP VERSION and ENVOY VERSION
 * always {@code -} (there is no Envoy). STATUS is Online, Offline or Partially degraded as §5.6
 * defines it. NOTES lists inbounds that are not ready and, when the proxy rejected the last config
 * it was sent, {@code last config rejected: <errors>}.
 */
@Command(name = "dataplanes", description = "Inspect dataplanes: status, config updates, versions.")
final class InspectDataplanesCommand implements Callable<Integer> {
  static final List<String> HEADERS =
      List.of(
          "MESH",
          "NAME",
          "TAGS",
          "STATUS",
          "LAST CONNECTED AGO",
          "LAST UPDATED AGO",
          "TOTAL UPDATES",
          "TOTAL ERRORS",
          "CERT REGENERATED AGO",
          "CERT EXPIRATION",
          "CERT REGENERATIONS",
          "CERT BACKEND",
          "SUPPORTED CERT BACKENDS",
          "PORTICO-DP VERSION",
          "ENVOY VERSION",
          "DEPENDENCIES VERSIONS",
          "NOTES");

  private static final int PAGE_SIZE = 1000;
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(
      names = {"-m", "--mesh"},
      paramLabel = "MESH",
      defaultValue = "default",
      description = "mesh to inspect (default: ${DEFAULT-VALUE})")
  String mesh;

  @Option(
      names = "--tag",
      paramLabel = "KEY=VALUE",
      description = "only dataplanes with this tag (repeatable); the value matches as a substring")
  List<String> tags;

  @Option(names = "--gateway", description = "only gateway dataplanes")
  boolean gateway;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      converter = OutputFormatConverter.class,
      description = "output format: one of table|yaml|json (default: ${DEFAULT-VALUE})")
  OutputFormat output;

  InspectDataplanesCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    String path = path();
    List<JsonNode> overviews;
    try {
      overviews = listAll(context.client(), path);
    } catch (ApiErrorException e) {
      throw new CliException("could not inspect dataplanes: " + e.getMessage(), e);
    }
    if (output == OutputFormat.TABLE) {
      context
          .out()
          .print(table(overviews, context.now(), context.environment().clock().getZone()).render());
    } else {
      ObjectNode list = JsonNodeFactory.instance.objectNode();
      list.put("total", overviews.size());
      ArrayNode items = list.putArray("items");
      overviews.forEach(items::add);
      list.putNull("next");
      context.out().print(Documents.write(list, output));
    }
    context.out().flush();
    return 0;
  }

  private String path() {
    List<String> query = new ArrayList<>();
    if (tags != null) {
      for (String tag : tags) {
        int eq = tag.indexOf('=');
        if (eq <= 0) {
          throw new ParameterException(
              spec.commandLine(),
              "invalid --tag \"" + tag + "\": expected KEY=VALUE such as kuma.io/service=web");
        }
        query.add(
            "tag="
                + URLEncoder.encode(
                    tag.substring(0, eq) + ":" + tag.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    if (gateway) {
      query.add("gateway=true");
    }
    String base = "/meshes/" + ResourcePaths.segment(mesh) + "/dataplanes+insights";
    return query.isEmpty() ? base : base + "?" + String.join("&", query);
  }

  private static List<JsonNode> listAll(ControlPlaneClient client, String path) {
    List<JsonNode> items = new ArrayList<>();
    String offset = null;
    do {
      ResourcePage page = client.list(path, PAGE_SIZE, offset);
      items.addAll(page.items());
      offset = page.nextOffset();
    } while (!offset.isEmpty());
    return items;
  }

  static Table table(List<JsonNode> overviews, Instant now, ZoneId zone) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode overview : overviews) {
      rows.add(row(overview, now, zone));
    }
    return new Table(HEADERS, rows);
  }

  private static List<String> row(JsonNode overview, Instant now, ZoneId zone) {
    JsonNode dataplane = overview.path("dataplane");
    JsonNode insight = overview.path("dataplaneInsight");
    JsonNode subscriptions = insight.path("subscriptions");
    JsonNode last = subscriptions.path(subscriptions.size() - 1);
    long updates = 0;
    long errors = 0;
    for (JsonNode subscription : subscriptions) {
      updates += subscription.path("status").path("total").path("responsesSent").asLong(0);
      errors += subscription.path("status").path("total").path("responsesRejected").asLong(0);
    }
    JsonNode mtls = insight.path("mTLS");
    List<String> supported = new ArrayList<>();
    mtls.path("supportedBackends").forEach(b -> supported.add(b.asText()));
    List<String> notes = new ArrayList<>();
    boolean isGateway = dataplane.path("networking").has("gateway");
    if (!isGateway) {
      for (JsonNode inbound : dataplane.path("networking").path("inbound")) {
        if (!inbound.path("health").path("ready").asBoolean(true)) {
          notes.add(
              "inbound[port="
                  + inbound.path("port").asInt()
                  + ",svc="
                  + inbound.path("tags").path("kuma.io/service").asText()
                  + "] is not ready");
        }
      }
    }
    String nackError = last.path("lastNackError").asText("");
    if (!nackError.isEmpty() || !last.path("lastNackedVersion").asText("").isEmpty()) {
      notes.add("last config rejected: " + (nackError.isEmpty() ? "no errors given" : nackError));
    }
    return List.of(
        overview.path("mesh").asText(""),
        overview.path("name").asText(""),
        tags(dataplane.path("networking")),
        status(overview),
        Age.between(instant(last.path("connectTime")), now),
        Age.between(instant(last.path("status").path("lastUpdateTime")), now),
        Long.toString(updates),
        Long.toString(errors),
        Age.between(instant(mtls.path("lastCertificateRegeneration")), now),
        date(instant(mtls.path("certificateExpirationTime")), zone),
        Long.toString(mtls.path("certificateRegenerations").asLong(0)),
        orDash(mtls.path("issuedBackend").asText("")),
        supported.isEmpty() ? "-" : String.join(",", supported),
        orDash(last.path("version").path("porticoDp").path("version").asText("")),
        "-",
        "-",
        String.join("; ", notes));
  }

  /**
   * Online, Offline or Partially degraded (spec/core.md §5.6): connected through some subscription
   * and, except for gateways, every inbound ready; Partially degraded when some are not; Offline
   * when none is connected or no inbound is ready.
   */
  static String status(JsonNode overview) {
    boolean connected = false;
    for (JsonNode subscription : overview.path("dataplaneInsight").path("subscriptions")) {
      if (subscription.hasNonNull("connectTime") && !subscription.hasNonNull("disconnectTime")) {
        connected = true;
      }
    }
    if (!connected) {
      return "Offline";
    }
    JsonNode networking = overview.path("dataplane").path("networking");
    if (networking.has("gateway")) {
      return "Online";
    }
    int inbounds = 0;
    int ready = 0;
    for (JsonNode inbound : networking.path("inbound")) {
      inbounds++;
      if (inbound.path("health").path("ready").asBoolean(true)) {
        ready++;
      }
    }
    if (ready == inbounds) {
      return "Online";
    }
    return ready == 0 ? "Offline" : "Partially degraded";
  }

  /**
   * The TAGS cell, as {@code get dataplanes} prints it: the tags of every inbound and of the
   * gateway, keys sorted, each {@code key=v1,v2} with its values sorted, joined by spaces.
   */
  static String tags(JsonNode networking) {
    Map<String, Set<String>> tags = new TreeMap<>();
    List<JsonNode> sets = new ArrayList<>();
    networking.path("inbound").forEach(i -> sets.add(i.path("tags")));
    sets.add(networking.path("gateway").path("tags"));
    for (JsonNode set : sets) {
      set.properties()
          .forEach(
              e ->
                  tags.computeIfAbsent(e.getKey(), k -> new TreeSet<>())
                      .add(e.getValue().asText()));
    }
    List<String> groups = new ArrayList<>();
    tags.forEach((key, values) -> groups.add(key + "=" + String.join(",", values)));
    return String.join(" ", groups);
  }

  private static Instant instant(JsonNode node) {
    if (!node.isTextual() || node.asText().isEmpty()) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(node.asText()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String date(Instant instant, ZoneId zone) {
    return instant == null ? "-" : DATE.format(instant.atZone(zone));
  }

  private static String orDash(String text) {
    return text.isEmpty() ? "-" : text;
  }
}
