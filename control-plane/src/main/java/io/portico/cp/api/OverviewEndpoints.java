package io.portico.cp.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.portico.cp.auth.AccessRules;
import io.portico.cp.store.ListQuery;
import io.portico.cp.store.ResourceNotFoundException;
import io.portico.cp.store.manager.ResourceManager;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceKey;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.insight.DataplaneInsightSpec;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Dataplane overviews (spec/core.md §5.1, §5.2, §5.6): {@code GET
 * /meshes/{mesh}/dataplanes+insights [/{name}]} and {@code GET /dataplanes+insights}, each item
 * {@code {type: "DataplaneOverview", mesh, name, creationTime, modificationTime, dataplane:
 * {...spec}, dataplaneInsight: {...spec}}} ({@code {}} for a dataplane no proxy ever served). Lists
 * have the shape and pagination of the other lists, after filtering by:
 *
 * <ul>
 *   <li>{@code gateway=true|false}: only gateway (or only non-gateway) dataplanes;
 *   <li>{@code tag=key:value} (repeatable): dataplanes with one inbound, or a gateway, whose tags
 *       have every such key with a value containing the given one (kumactl's fuzzy match);
 *   <li>{@code ingress=true|false}: Kuma's legacy ingress dataplanes, which Portico does not have
 *       ({@code true} matches none).
 * </ul>
 */
final class OverviewEndpoints {
  static final String OVERVIEW_TYPE = "DataplaneOverview";

  private final ResourceManager manager;
  private final ResourceCodec codec;
  private final AccessRules access;

  OverviewEndpoints(ResourceManager manager, ResourceCodec codec, AccessRules access) {
    this.manager = manager;
    this.codec = codec;
    this.access = access;
  }

  /** One mesh's overviews ({@code mesh} set) or every mesh's. */
  void list(Context ctx, String mesh) {
    ApiServer.title(ctx, ResourceEndpoints.RETRIEVE_LIST);
    access.checkRead(ApiServer.user(ctx), ResourceTypes.DATAPLANE);
    PageRequest page =
        PageRequest.parse(
            ctx.queryParam("size"), ctx.queryParam("offset"), ResourceEndpoints.RETRIEVE_LIST);
    Filter filter = Filter.parse(ctx);
    List<Resource<DataplaneSpec>> matching =
        manager.list(ResourceTypes.DATAPLANE, new ListQuery(mesh, 0, 0)).items().stream()
            .filter(d -> filter.matches(d.spec()))
            .toList();
    int from = Math.min(page.offset(), matching.size());
    int to = Math.min(matching.size(), from + page.size());
    Map<ResourceKey, DataplaneInsightSpec> insights = insights(mesh);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("total", matching.size());
    ArrayNode items = out.putArray("items");
    for (Resource<DataplaneSpec> dataplane : matching.subList(from, to)) {
      items.add(overview(dataplane, insights.get(dataplane.key())));
    }
    if (to < matching.size()) {
      out.put("next", ResourceEndpoints.nextLink(ctx, to));
    } else {
      out.putNull("next");
    }
    ApiServer.json(ctx, 200, out);
  }

  void get(Context ctx, String mesh, String name) {
    ApiServer.title(ctx, ResourceEndpoints.RETRIEVE);
    access.checkRead(ApiServer.user(ctx), ResourceTypes.DATAPLANE);
    Resource<DataplaneSpec> dataplane =
        manager
            .get(ResourceTypes.DATAPLANE, mesh, name)
            .orElseThrow(
                () -> {
                  ResourceKey key = new ResourceKey(ResourceTypes.DATAPLANE.name(), mesh, name);
                  return new ResourceNotFoundException(key, key + " does not exist");
                });
    Optional<Resource<DataplaneInsightSpec>> insight =
        manager.get(ResourceTypes.DATAPLANE_INSIGHT, mesh, name);
    ApiServer.json(ctx, 200, overview(dataplane, insight.map(Resource::spec).orElse(null)));
  }

  private Map<ResourceKey, DataplaneInsightSpec> insights(String mesh) {
    Map<ResourceKey, DataplaneInsightSpec> out = new HashMap<>();
    for (Resource<DataplaneInsightSpec> insight :
        manager.list(ResourceTypes.DATAPLANE_INSIGHT, new ListQuery(mesh, 0, 0)).items()) {
      out.put(
          new ResourceKey(ResourceTypes.DATAPLANE.name(), insight.mesh(), insight.name()),
          insight.spec());
    }
    return out;
  }

  private ObjectNode overview(Resource<DataplaneSpec> dataplane, DataplaneInsightSpec insight) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("type", OVERVIEW_TYPE);
    out.put("mesh", dataplane.mesh());
    out.put("name", dataplane.name());
    if (dataplane.meta().creationTime() != null) {
      out.put("creationTime", dataplane.meta().creationTime().toString());
    }
    if (dataplane.meta().modificationTime() != null) {
      out.put("modificationTime", dataplane.meta().modificationTime().toString());
    }
    out.set("dataplane", codec.specToTree(dataplane.spec()));
    out.set(
        "dataplaneInsight",
        insight == null ? JsonNodeFactory.instance.objectNode() : codec.specToTree(insight));
    return out;
  }

  /** The query filters of a list. */
  private record Filter(Boolean gateway, boolean ingressOnly, Map<String, String> tags) {
    static Filter parse(Context ctx) {
      List<Violation> violations = new ArrayList<>();
      Boolean gateway = bool(ctx.queryParam("gateway"), "gateway", violations);
      Boolean ingress = bool(ctx.queryParam("ingress"), "ingress", violations);
      Map<String, String> tags = new HashMap<>();
      for (String tag : ctx.queryParams("tag")) {
        int colon = tag.indexOf(':');
        if (colon <= 0) {
          violations.add(
              new Violation("tag", "invalid tag filter \"" + tag + "\": expected key:value"));
        } else {
          tags.put(tag.substring(0, colon), tag.substring(colon + 1));
        }
      }
      if (!violations.isEmpty()) {
        throw new ApiException(
            400, ResourceEndpoints.RETRIEVE_LIST, "Invalid query parameters", violations);
      }
      return new Filter(gateway, Boolean.TRUE.equals(ingress), tags);
    }

    private static Boolean bool(String value, String field, List<Violation> violations) {
      if (value == null || value.isEmpty()) {
        return null;
      }
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> {
          violations.add(
              new Violation(field, "invalid value \"" + value + "\": expected true or false"));
          yield null;
        }
      };
    }

    boolean matches(DataplaneSpec spec) {
      if (ingressOnly) {
        return false;
      }
      if (gateway != null && gateway != spec.isGateway()) {
        return false;
      }
      if (tags.isEmpty()) {
        return true;
      }
      if (spec.networking() == null) {
        return false;
      }
      if (spec.isGateway() && matchesFuzzy(spec.networking().gateway().tags())) {
        return true;
      }
      for (DataplaneSpec.Inbound inbound : spec.networking().inbound()) {
        if (inbound != null && matchesFuzzy(inbound.tags())) {
          return true;
        }
      }
      return false;
    }

    private boolean matchesFuzzy(Map<String, String> actual) {
      for (Map.Entry<String, String> wanted : tags.entrySet()) {
        String value = actual.get(wanted.getKey());
        if (value == null || !value.contains(wanted.getValue())) {
          return false;
        }
      }
      return true;
    }
  }
}
