package io.portico.cp.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.portico.cp.auth.AccessRules;
import io.portico.cp.auth.User;
import io.portico.cp.store.ListQuery;
import io.portico.cp.store.ResourceAlreadyExistsException;
import io.portico.cp.store.ResourceConflictException;
import io.portico.cp.store.ResourceNotFoundException;
import io.portico.cp.store.ResourcePage;
import io.portico.cp.store.manager.ResourceManager;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceKey;
import io.portico.mesh.api.ResourceMeta;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.validation.ValidationException;
import io.portico.mesh.api.validation.Violation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Resource CRUD (spec/core.md §5.1–5.4): get, list (one mesh, every mesh, global), create or
 * replace with PUT (201 / 200, empty body), delete (200). Each handler first names its operation's
 * error title in the request, for {@link ApiFailures}.
 */
final class ResourceEndpoints {
  static final String RETRIEVE = "Could not retrieve a resource";
  static final String RETRIEVE_LIST = "Could not retrieve resources";
  static final String PROCESS = "Could not process a resource";
  static final String CREATE = "Could not create a resource";
  static final String UPDATE = "Could not update a resource";
  static final String DELETE = "Could not delete a resource";
  private static final int PUT_ATTEMPTS = 5;

  private final ResourceManager manager;
  private final ResourceCodec codec;
  private final AccessRules access;
  private final RequestBody body;
  private final boolean isApiReadOnly;

  /** Kuma's answer to a write on a read-only API (spec/kubernetes.md §3.5), plain text. */
  static final String READ_ONLY_API =
      "On Kubernetes you cannot change the state of Kuma resources with 'kumactl apply' or via the"
          + " HTTP API. As a best practice, you should always be using 'kubectl apply' instead. You"
          + " can still use 'kumactl' or the HTTP API to make read-only operations. On Universal"
          + " this limitation does not apply.\n";

  ResourceEndpoints(
      ResourceManager manager,
      ResourceCodec codec,
      AccessRules access,
      RequestBody body,
      boolean isApiReadOnly) {
    this.manager = manager;
    this.codec = codec;
    this.access = access;
    this.body = body;
    this.isApiReadOnly = isApiReadOnly;
  }

  // ---------------------------------------------------------------- reads

  void get(Context ctx, String plural, String mesh, String name) {
    ApiServer.title(ctx, RETRIEVE);
    ResourceType<?> type = type(ctx, plural, mesh != null);
    access.checkRead(ApiServer.user(ctx), type);
    Resource<?> resource =
        manager
            .get(type, mesh == null ? "" : mesh, name)
            .orElseThrow(() -> notFound(type, mesh, name));
    ApiServer.json(ctx, 200, codec.toTree(resource));
  }

  /**
   * Lists a type: in one mesh ({@code mesh} set), in every mesh (mesh-scoped type, no mesh), or a
   * global type.
   */
  void list(Context ctx, String plural, String mesh) {
    ApiServer.title(ctx, RETRIEVE_LIST);
    ResourceType<?> type = mesh == null ? anyType(ctx, plural) : type(ctx, plural, true);
    access.checkRead(ApiServer.user(ctx), type);
    PageRequest page =
        PageRequest.parse(ctx.queryParam("size"), ctx.queryParam("offset"), RETRIEVE_LIST);
    ResourcePage<?> result = manager.list(type, new ListQuery(mesh, page.offset(), page.size()));
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("total", result.total());
    ArrayNode items = out.putArray("items");
    result.items().forEach(r -> items.add(codec.toTree(r)));
    if (result.hasNext()) {
      out.put("next", nextLink(ctx, result.nextOffset()));
    } else {
      out.putNull("next");
    }
    ApiServer.json(ctx, 200, out);
  }

  // ---------------------------------------------------------------- writes

  void put(Context ctx, String plural, String mesh, String name) {
    ApiServer.title(ctx, PROCESS);
    ResourceType<?> type = type(ctx, plural, mesh != null);
    if (isReadOnly(ctx, type)) {
      return;
    }
    User user = ApiServer.user(ctx);
    access.checkRead(user, type);
    access.checkWrite(user, type);
    JsonNode tree = body.readTree(ctx, PROCESS);
    checkMatchesUrl(tree, type, mesh, name);
    String meshOfKey = mesh == null ? "" : mesh;
    boolean exists = manager.exists(type, meshOfKey, name);
    ApiServer.title(ctx, exists ? UPDATE : CREATE);
    Resource<?> resource = codec.fromTree(tree);
    for (int attempt = 1; ; attempt++) {
      try {
        if (exists) {
          manager.update(withoutVersion(resource));
          ctx.status(200);
        } else {
          manager.create(withoutVersion(resource));
          ctx.status(201);
        }
        return;
      } catch (ResourceAlreadyExistsException
          | ResourceNotFoundException
          | ResourceConflictException e) {
        if (attempt >= PUT_ATTEMPTS) {
          throw e;
        }
        exists = manager.exists(type, meshOfKey, name);
        ApiServer.title(ctx, exists ? UPDATE : CREATE);
      }
    }
  }

  void delete(Context ctx, String plural, String mesh, String name) {
    ApiServer.title(ctx, DELETE);
    ResourceType<?> type = type(ctx, plural, mesh != null);
    if (isReadOnly(ctx, type)) {
      return;
    }
    User user = ApiServer.user(ctx);
    access.checkRead(user, type);
    access.checkWrite(user, type);
    manager.delete(type, mesh == null ? "" : mesh, name);
    ctx.status(200);
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Answers 405 with a plain-text message for a type only the control plane writes (spec/core.md
   * §5.3: not JSON).
   */
  private boolean isReadOnly(Context ctx, ResourceType<?> type) {
    if (isApiReadOnly) {
      ctx.status(405).contentType("text/plain").result(READ_ONLY_API);
      return true;
    }
    if (!manager.types().isReadOnly(type)) {
      return false;
    }
    ctx.status(405)
        .contentType("text/plain")
        .result(
            "405: Method Not Allowed: "
                + type.name()
                + " is read-only; the control plane writes it");
    return true;
  }

  private static <S extends ResourceSpec> Resource<S> withoutVersion(Resource<S> resource) {
    return resource.withMeta(ResourceMeta.of(resource.mesh(), resource.name()));
  }

  /**
   * The body's {@code name}, {@code type} and (mesh-scoped) {@code mesh} must equal the URL's
   * (kumahq/kuma:pkg/api-server/resource_endpoints.go validateResourceRequest).
   */
  private static void checkMatchesUrl(
      JsonNode tree, ResourceType<?> type, String mesh, String name) {
    List<Violation> violations = new ArrayList<>();
    if (!tree.isObject()) {
      throw new ValidationException(
          List.of(new Violation("", "expected a resource object in the request body")));
    }
    if (!name.equals(tree.path("name").asText(null))) {
      violations.add(new Violation("name", "name from the URL has to be the same as in body"));
    }
    if (!type.name().equals(tree.path("type").asText(null))) {
      violations.add(new Violation("type", "type from the URL has to be the same as in body"));
    }
    if (type.isMeshScoped() && !mesh.equals(tree.path("mesh").asText(null))) {
      violations.add(new Violation("mesh", "mesh from the URL has to be the same as in body"));
    }
    if (!violations.isEmpty()) {
      throw new ValidationException(violations);
    }
  }

  /** The type of a path: mesh-scoped under {@code /meshes/{mesh}/}, global otherwise. */
  private ResourceType<?> type(Context ctx, String plural, boolean isUnderMesh) {
    ResourceType<?> type = anyType(ctx, plural);
    if (isUnderMesh && !type.isMeshScoped()) {
      throw new ApiException(
          404,
          ApiServer.title(ctx),
          type.name() + " is not mesh-scoped: use /" + type.plural() + " instead");
    }
    if (!isUnderMesh && type.isMeshScoped()) {
      throw new ApiException(
          404,
          ApiServer.title(ctx),
          type.name() + " is mesh-scoped: use /meshes/{mesh}/" + type.plural() + " instead");
    }
    return type;
  }

  private ResourceType<?> anyType(Context ctx, String plural) {
    return manager
        .types()
        .byPlural(plural)
        .orElseThrow(
            () ->
                new ApiException(
                    404,
                    ApiServer.title(ctx),
                    "Unknown resource type \""
                        + plural
                        + "\": expected one of "
                        + manager.types().all().stream()
                            .map(ResourceType::plural)
                            .sorted()
                            .collect(Collectors.joining(", "))));
  }

  private static ResourceNotFoundException notFound(
      ResourceType<?> type, String mesh, String name) {
    ResourceKey key = new ResourceKey(type.name(), mesh, name);
    return new ResourceNotFoundException(key, key + " does not exist");
  }

  /**
   * The request's URL with {@code offset} replaced; other parameters kept, sorted by name as Go's
   * {@code url.Values.Encode} does.
   */
  static String nextLink(Context ctx, int nextOffset) {
    Map<String, List<String>> params = new TreeMap<>(ctx.queryParamMap());
    params.put("offset", List.of(Integer.toString(nextOffset)));
    String query =
        params.entrySet().stream()
            .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
            .collect(Collectors.joining("&"));
    return ctx.scheme() + "://" + ctx.host() + ctx.path() + "?" + query;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
