package io.portico.cli.resources;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.cli.output.Age;
import io.portico.cli.output.Table;
import io.portico.mesh.api.ResourceType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The columns {@code get} prints per type (spec/core.md §5.8, kumahq/kuma:app/kumactl/cmd/get/
 * table_printer.go): custom ones for meshes, dataplanes and external services, otherwise {@code
 * MESH NAME AGE} for mesh-scoped types and {@code NAME AGE} for global ones.
 *
 * <p>AGE is measured from {@code modificationTime} as kumactl does (falling back to {@code
 * creationTime}; {@code never} without either).
 */
final class ResourceTables {
  /** A column set: the header row and how to make a row of one resource. */
  record Columns(List<String> headers, RowMaker row) {
    Columns {
      headers = List.copyOf(headers);
    }
  }

  /** Makes the cells of one resource's row. */
  @FunctionalInterface
  interface RowMaker {
    List<String> cells(JsonNode resource, Instant now);
  }

  static final Columns MESH_SCOPED =
      new Columns(
          List.of("MESH", "NAME", "AGE"),
          (r, now) -> List.of(text(r, "mesh"), text(r, "name"), age(r, now)));

  static final Columns GLOBAL =
      new Columns(List.of("NAME", "AGE"), (r, now) -> List.of(text(r, "name"), age(r, now)));

  static final Columns MESHES =
      new Columns(
          List.of("NAME", "mTLS", "METRICS", "LOGGING", "TRACING", "LOCALITY", "ZONEEGRESS", "AGE"),
          (r, now) ->
              List.of(
                  text(r, "name"),
                  enabledBackend(r.path("mtls")),
                  enabledBackend(r.path("metrics")),
                  allBackends(r.path("logging")),
                  allBackends(r.path("tracing")),
                  onOff(r.path("routing").path("localityAwareLoadBalancing").asBoolean(false)),
                  onOff(r.path("routing").path("zoneEgress").asBoolean(false)),
                  age(r, now)));

  static final Columns DATAPLANES =
      new Columns(
          List.of("MESH", "NAME", "TAGS", "ADDRESS", "AGE"),
          (r, now) -> {
            JsonNode networking = r.path("networking");
            String address = text(networking, "advertisedAddress");
            if (address.isEmpty()) {
              address = text(networking, "address");
            }
            return List.of(
                text(r, "mesh"), text(r, "name"), dataplaneTags(networking), address, age(r, now));
          });

  static final Columns EXTERNAL_SERVICES =
      new Columns(
          List.of("MESH", "NAME", "TAGS", "ADDRESS", "AGE"),
          (r, now) -> {
            Map<String, Set<String>> tags = new TreeMap<>();
            collectTags(r.path("tags"), tags);
            return List.of(
                text(r, "mesh"),
                text(r, "name"),
                tagsCell(tags),
                text(r.path("networking"), "address"),
                age(r, now));
          });

  private static final Map<String, Columns> CUSTOM =
      Map.of("Mesh", MESHES, "Dataplane", DATAPLANES, "ExternalService", EXTERNAL_SERVICES);

  private ResourceTables() {}

  static Columns columnsFor(ResourceType<?> type) {
    Columns custom = CUSTOM.get(type.name());
    if (custom != null) {
      return custom;
    }
    return type.isMeshScoped() ? MESH_SCOPED : GLOBAL;
  }

  /** A table of resources; the footer asks to rerun with {@code nextOffset} when not empty. */
  static Table table(ResourceType<?> type, List<JsonNode> items, Instant now, String nextOffset) {
    Columns columns = columnsFor(type);
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode item : items) {
      rows.add(columns.row().cells(item, now));
    }
    return new Table(columns.headers(), rows, paginationFooter(nextOffset));
  }

  /** kumactl's footer when more pages exist; empty on the last page. */
  static String paginationFooter(String nextOffset) {
    if (nextOffset == null || nextOffset.isEmpty()) {
      return "";
    }
    return "Rerun command with --offset=" + nextOffset + " argument to retrieve more resources";
  }

  /** The AGE cell of a resource. */
  static String age(JsonNode resource, Instant now) {
    Instant modified = time(resource, "modificationTime");
    return Age.between(modified != null ? modified : time(resource, "creationTime"), now);
  }

  /** An RFC 3339 time field, or null when missing or malformed. */
  static Instant time(JsonNode node, String field) {
    String text = text(node, field);
    if (text.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The TAGS cell: tag keys sorted, each as {@code key=v1,v2} with its values sorted, groups
   * separated by one space (kumactl's {@code MultiValueTagSet.String}).
   */
  static String tagsCell(Map<String, Set<String>> tags) {
    List<String> groups = new ArrayList<>();
    tags.forEach((key, values) -> groups.add(key + "=" + String.join(",", values)));
    groups.sort(null);
    return String.join(" ", groups);
  }

  /** The tags of every inbound and of the gateway of a dataplane's {@code networking}. */
  private static String dataplaneTags(JsonNode networking) {
    Map<String, Set<String>> tags = new TreeMap<>();
    for (JsonNode inbound : networking.path("inbound")) {
      collectTags(inbound.path("tags"), tags);
    }
    collectTags(networking.path("gateway").path("tags"), tags);
    return tagsCell(tags);
  }

  private static void collectTags(JsonNode tagsNode, Map<String, Set<String>> into) {
    tagsNode
        .properties()
        .forEach(
            e -> into.computeIfAbsent(e.getKey(), k -> new TreeSet<>()).add(e.getValue().asText()));
  }

  /** {@code type/name} of the backend named by {@code enabledBackend}, or {@code off}. */
  private static String enabledBackend(JsonNode section) {
    String enabled = text(section, "enabledBackend");
    if (enabled.isEmpty()) {
      return "off";
    }
    for (JsonNode backend : section.path("backends")) {
      if (enabled.equals(text(backend, "name"))) {
        return text(backend, "type") + "/" + enabled;
      }
    }
    return enabled;
  }

  /** {@code type/name} of every backend joined by {@code ", "}, or {@code off} without any. */
  private static String allBackends(JsonNode section) {
    List<String> backends = new ArrayList<>();
    for (JsonNode backend : section.path("backends")) {
      backends.add(text(backend, "type") + "/" + text(backend, "name"));
    }
    return backends.isEmpty() ? "off" : String.join(", ", backends);
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isValueNode() ? value.asText("") : "";
  }
}
