package io.portico.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.Violation;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * An in-memory control plane REST API (spec/core.md §5) on a loopback port chosen by the OS: the
 * index, resource CRUD with create/update status codes, lists with {@code size}/{@code offset}
 * pagination, error bodies with causes, optional mesh insights, optional bearer-token checks.
 * Requests are served one at a time on the server's dispatcher thread.
 */
final class FakeControlPlane implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> META =
      Set.of("type", "mesh", "name", "creationTime", "modificationTime");

  /** One request as the fake saw it. */
  record Request(String method, String target, Map<String, String> headers, String body) {
    @Override
    public String toString() {
      return method + " " + target;
    }
  }

  private record Key(String plural, String mesh, String name) {}

  private final ResourceTypes types = ResourceTypes.standard();
  private final HttpServer server;
  private final Map<Key, ObjectNode> store =
      new TreeMap<>(
          Comparator.comparing(Key::plural).thenComparing(Key::mesh).thenComparing(Key::name));
  private final List<Request> requests = new ArrayList<>();
  private final Set<String> onlineDataplanes = new HashSet<>();
  private final Map<String, ObjectNode> insights = new TreeMap<>();
  private String dataplaneToken = "header.payload.signature";
  private Instant now;
  private boolean servesMeshInsights;
  private String requiredToken;
  private boolean deniesSecrets;
  private Function<ObjectNode, List<Violation>> validator = FakeControlPlane::defaultValidation;

  static {
    // Answer without Nagle's delay: the server writes headers and body separately.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private FakeControlPlane(Instant now, HttpServer server) {
    this.now = now;
    this.server = server;
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a fake whose resources get {@code now} as creation and modification time. */
  static FakeControlPlane start(Instant now) throws IOException {
    return new FakeControlPlane(now, HttpServer.create(loopback(), 0));
  }

  /** Starts a fake that serves HTTPS with the given server-side TLS context. */
  static FakeControlPlane startHttps(Instant now, SSLContext tls) throws IOException {
    HttpsServer server = HttpsServer.create(loopback(), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    return new FakeControlPlane(now, server);
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  String address() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  synchronized void setNow(Instant at) {
    this.now = at;
  }

  synchronized void serveMeshInsights(boolean serve) {
    this.servesMeshInsights = serve;
  }

  synchronized void requireToken(String token) {
    this.requiredToken = token;
  }

  synchronized void denySecrets() {
    this.deniesSecrets = true;
  }

  synchronized void markOnline(String mesh, String dataplane) {
    onlineDataplanes.add(mesh + "/" + dataplane);
  }

  /** Sets the DataplaneInsight (its spec) of a dataplane, served in the overviews. */
  synchronized void seedInsight(String mesh, String dataplane, String insightJson) {
    try {
      insights.put(mesh + "/" + dataplane, (ObjectNode) JSON.readTree(insightJson));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The token {@code POST /tokens/dataplane} answers. */
  synchronized void issueDataplaneToken(String token) {
    this.dataplaneToken = token;
  }

  /** Replaces the validation of PUT bodies (by default a Dataplane needs networking.address). */
  synchronized void validateWith(Function<ObjectNode, List<Violation>> rules) {
    this.validator = rules;
  }

  /** Stores a resource as if it had been PUT, without checks. */
  synchronized void seed(String json) {
    try {
      ObjectNode body = (ObjectNode) JSON.readTree(json);
      ResourceType<?> type = types.byName(body.path("type").asText()).orElseThrow();
      String mesh = type.isMeshScoped() ? body.path("mesh").asText() : "";
      store.put(new Key(type.plural(), mesh, body.path("name").asText()), stored(type, body, null));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** {@code METHOD target} of every request that changed something. */
  synchronized List<String> writes() {
    return requests.stream().filter(r -> !r.method().equals("GET")).map(Request::toString).toList();
  }

  synchronized Optional<JsonNode> resource(String plural, String mesh, String name) {
    return Optional.ofNullable(store.get(new Key(plural, mesh, name)));
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
      String target =
          exchange.getRequestURI().getRawPath()
              + (exchange.getRequestURI().getRawQuery() == null
                  ? ""
                  : "?" + exchange.getRequestURI().getRawQuery());
      requests.add(new Request(exchange.getRequestMethod(), target, headers, body));
      route(exchange, headers, body);
    }
  }

  private void route(HttpExchange exchange, Map<String, String> headers, String body)
      throws IOException {
    if (requiredToken != null
        && !("Bearer " + requiredToken).equals(headers.get("authorization"))) {
      send(exchange, 401, error("Invalid authentication data", "token is not valid", List.of()));
      return;
    }
    String method = exchange.getRequestMethod();
    List<String> path =
        Arrays.stream(exchange.getRequestURI().getRawPath().split("/"))
            .filter(s -> !s.isEmpty())
            .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8))
            .toList();
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    if (path.isEmpty()) {
      ObjectNode index = JsonNodeFactory.instance.objectNode();
      index
          .put("hostname", "fake-cp")
          .put("tagline", "Kuma")
          .put("version", "2.0.8-fake")
          .put("instanceId", "fake-1")
          .put("clusterId", "cluster-1");
      send(exchange, 200, index);
      return;
    }
    if (path.size() == 2
        && path.get(0).equals("tokens")
        && path.get(1).equals("dataplane")
        && method.equals("POST")) {
      JsonNode request = JSON.readTree(body.isEmpty() ? "{}" : body);
      if (request.path("mesh").asText("").isEmpty()) {
        send(
            exchange,
            400,
            error(
                "Could not issue a token",
                "Resource is not valid",
                List.of(new Violation("mesh", "cannot be empty"))));
      } else if (!store.containsKey(new Key("meshes", "", request.path("mesh").asText()))) {
        send(
            exchange,
            404,
            error(
                "Signing Key not found",
                "there is no dataplane token signing key (Secret dataplane-token-signing-key-"
                    + request.path("mesh").asText()
                    + "-1) in mesh "
                    + request.path("mesh").asText()
                    + "; does the mesh exist?",
                List.of()));
      } else {
        byte[] bytes = dataplaneToken.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
      return;
    }
    if (path.get(0).equals("meshes")
        && path.size() == 3
        && path.get(2).equals("dataplanes+insights")) {
      overviews(exchange, path.get(1), exchange.getRequestURI().getRawQuery());
      return;
    }
    if (path.get(0).equals("meshes")) {
      switch (path.size()) {
        case 1 -> list(exchange, types.byPlural("meshes").orElseThrow(), null, query);
        case 2 ->
            item(exchange, method, types.byPlural("meshes").orElseThrow(), "", path.get(1), body);
        case 3, 4 -> {
          Optional<ResourceType<?>> type =
              types.byPlural(path.get(2)).filter(ResourceType::isMeshScoped);
          if (type.isEmpty()) {
            sendText(exchange, 404, "404 page not found");
          } else if (path.size() == 3) {
            list(exchange, type.get(), path.get(1), query);
          } else {
            item(exchange, method, type.get(), path.get(1), path.get(3), body);
          }
        }
        default -> sendText(exchange, 404, "404 page not found");
      }
      return;
    }
    if (path.get(0).equals("mesh-insights") && servesMeshInsights && path.size() == 1) {
      meshInsights(exchange);
      return;
    }
    Optional<ResourceType<?>> type = types.byPlural(path.get(0));
    if (type.isEmpty() || path.size() > 2 || (type.get().isMeshScoped() && path.size() == 2)) {
      sendText(exchange, 404, "404 page not found");
      return;
    }
    if (path.size() == 1) {
      list(exchange, type.get(), type.get().isMeshScoped() ? null : "", query);
    } else {
      item(exchange, method, type.get(), "", path.get(1), body);
    }
  }

  private void list(
      HttpExchange exchange, ResourceType<?> type, String mesh, Map<String, String> query)
      throws IOException {
    if (denied(exchange, type)) {
      return;
    }
    int size;
    int offset;
    try {
      size = Integer.parseInt(query.getOrDefault("size", "100"));
      offset = Integer.parseInt(query.getOrDefault("offset", "0"));
    } catch (NumberFormatException e) {
      send(
          exchange,
          400,
          error(
              "Could not retrieve resources",
              "Invalid format",
              List.of(new Violation("size", "Invalid format"))));
      return;
    }
    List<ObjectNode> all =
        store.entrySet().stream()
            .filter(e -> e.getKey().plural().equals(type.plural()))
            .filter(e -> mesh == null || e.getKey().mesh().equals(mesh))
            .map(Map.Entry::getValue)
            .toList();
    List<ObjectNode> page =
        all.subList(Math.min(offset, all.size()), Math.min(offset + size, all.size()));
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("total", all.size());
    ArrayNode items = out.putArray("items");
    page.forEach(items::add);
    if (offset + size < all.size()) {
      out.put(
          "next",
          address()
              + exchange.getRequestURI().getRawPath()
              + "?offset="
              + (offset + size)
              + "&size="
              + size);
    } else {
      out.putNull("next");
    }
    send(exchange, 200, out);
  }

  private void item(
      HttpExchange exchange,
      String method,
      ResourceType<?> type,
      String mesh,
      String name,
      String body)
      throws IOException {
    if (denied(exchange, type)) {
      return;
    }
    Key key = new Key(type.plural(), mesh, name);
    switch (method) {
      case "GET" -> {
        ObjectNode found = store.get(key);
        if (found == null) {
          send(exchange, 404, error("Could not retrieve a resource", "Not found", List.of()));
        } else {
          send(exchange, 200, found);
        }
      }
      case "DELETE" -> {
        if (store.remove(key) == null) {
          send(exchange, 404, error("Could not delete a resource", "Not found", List.of()));
          return;
        }
        if (type.plural().equals("meshes")) {
          store.keySet().removeIf(k -> k.mesh().equals(name));
        }
        sendText(exchange, 200, "");
      }
      case "PUT" -> put(exchange, type, key, body);
      default -> sendText(exchange, 405, "method not allowed");
    }
  }

  private void put(HttpExchange exchange, ResourceType<?> type, Key key, String text)
      throws IOException {
    ObjectNode body;
    try {
      body = (ObjectNode) JSON.readTree(text);
    } catch (IOException | ClassCastException e) {
      send(exchange, 400, error("Could not process a resource", "Bad request", List.of()));
      return;
    }
    List<Violation> mismatches = new ArrayList<>();
    if (!type.name().equals(body.path("type").asText())) {
      mismatches.add(new Violation("type", "type from the URL has to be the same as in body"));
    }
    if (!key.name().equals(body.path("name").asText())) {
      mismatches.add(new Violation("name", "name from the URL has to be the same as in body"));
    }
    if (type.isMeshScoped() && !key.mesh().equals(body.path("mesh").asText())) {
      mismatches.add(new Violation("mesh", "mesh from the URL has to be the same as in body"));
    }
    if (!mismatches.isEmpty()) {
      send(
          exchange,
          400,
          error("Could not process a resource", "Resource is not valid", mismatches));
      return;
    }
    if (type.isMeshScoped() && !store.containsKey(new Key("meshes", "", key.mesh()))) {
      send(
          exchange,
          400,
          error(
              "Could not create a resource",
              "Mesh is not found",
              List.of(new Violation("mesh", "mesh of name " + key.mesh() + " is not found"))));
      return;
    }
    ObjectNode existing = store.get(key);
    List<Violation> violations = validator.apply(body);
    if (!violations.isEmpty()) {
      send(
          exchange,
          400,
          error(
              existing == null ? "Could not create a resource" : "Could not update a resource",
              "Resource is not valid",
              violations));
      return;
    }
    store.put(key, stored(type, body, existing));
    sendText(exchange, existing == null ? 201 : 200, "");
  }

  private ObjectNode stored(ResourceType<?> type, ObjectNode body, ObjectNode existing) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("type", type.name());
    if (type.isMeshScoped()) {
      out.put("mesh", body.path("mesh").asText());
    }
    out.put("name", body.path("name").asText());
    out.put(
        "creationTime", existing == null ? now.toString() : existing.path("creationTime").asText());
    out.put("modificationTime", now.toString());
    body.properties()
        .forEach(
            e -> {
              if (!META.contains(e.getKey())) {
                out.set(e.getKey(), e.getValue());
              }
            });
    return out;
  }

  private void meshInsights(HttpExchange exchange) throws IOException {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    store.keySet().stream()
        .filter(k -> k.plural().equals("meshes"))
        .forEach(
            meshKey -> {
              String mesh = meshKey.name();
              ObjectNode insight = items.addObject();
              insight.put("type", "MeshInsight").put("name", mesh);
              long total =
                  store.keySet().stream()
                      .filter(k -> k.plural().equals("dataplanes") && k.mesh().equals(mesh))
                      .count();
              long online =
                  store.keySet().stream()
                      .filter(k -> k.plural().equals("dataplanes") && k.mesh().equals(mesh))
                      .filter(k -> onlineDataplanes.contains(mesh + "/" + k.name()))
                      .count();
              insight.putObject("dataplanes").put("total", total).put("online", online);
              Map<String, Long> policies = new TreeMap<>();
              store.keySet().stream()
                  .filter(k -> k.mesh().equals(mesh) && !k.plural().equals("dataplanes"))
                  .forEach(
                      k ->
                          policies.merge(
                              types.byPlural(k.plural()).orElseThrow().name(), 1L, Long::sum));
              ObjectNode p = insight.putObject("policies");
              policies.forEach((t, n) -> p.putObject(t).put("total", n));
            });
    out.put("total", items.size());
    out.set("items", items);
    out.putNull("next");
    send(exchange, 200, out);
  }

  /** Overviews of a mesh's dataplanes: filters gateway=true and tag=k:v (substring), one page. */
  private void overviews(HttpExchange exchange, String mesh, String rawQuery) throws IOException {
    boolean gatewaysOnly = false;
    Map<String, String> tags = new TreeMap<>();
    if (rawQuery != null) {
      for (String param : rawQuery.split("&")) {
        String decoded = URLDecoder.decode(param, StandardCharsets.UTF_8);
        if (decoded.equals("gateway=true")) {
          gatewaysOnly = true;
        } else if (decoded.startsWith("tag=")) {
          String tag = decoded.substring(4);
          int colon = tag.indexOf(':');
          tags.put(tag.substring(0, colon), tag.substring(colon + 1));
        }
      }
    }
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    for (Map.Entry<Key, ObjectNode> e : store.entrySet()) {
      if (!e.getKey().plural().equals("dataplanes") || !e.getKey().mesh().equals(mesh)) {
        continue;
      }
      ObjectNode dataplane = e.getValue();
      JsonNode networking = dataplane.path("networking");
      if (gatewaysOnly && !networking.has("gateway")) {
        continue;
      }
      boolean matches = tags.isEmpty();
      List<JsonNode> tagSets = new ArrayList<>();
      networking.path("inbound").forEach(i -> tagSets.add(i.path("tags")));
      tagSets.add(networking.path("gateway").path("tags"));
      for (JsonNode tagSet : tagSets) {
        matches |=
            !tags.isEmpty()
                && tags.entrySet().stream()
                    .allMatch(t -> tagSet.path(t.getKey()).asText("").contains(t.getValue()));
      }
      if (!matches) {
        continue;
      }
      ObjectNode overview = items.addObject();
      overview.put("type", "DataplaneOverview");
      overview.put("mesh", mesh);
      overview.put("name", e.getKey().name());
      overview.put("creationTime", dataplane.path("creationTime").asText());
      overview.put("modificationTime", dataplane.path("modificationTime").asText());
      ObjectNode spec = overview.putObject("dataplane");
      dataplane
          .properties()
          .forEach(
              p -> {
                if (!META.contains(p.getKey())) {
                  spec.set(p.getKey(), p.getValue());
                }
              });
      ObjectNode insight = insights.get(mesh + "/" + e.getKey().name());
      overview.set(
          "dataplaneInsight", insight == null ? JsonNodeFactory.instance.objectNode() : insight);
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("total", items.size());
    out.set("items", items);
    out.putNull("next");
    send(exchange, 200, out);
  }

  private boolean denied(HttpExchange exchange, ResourceType<?> type) throws IOException {
    if (deniesSecrets && type.adminOnly()) {
      send(
          exchange,
          403,
          error(
              "Access Denied",
              "user \"mesh-system:anonymous\" cannot access the resource of type \""
                  + type.name()
                  + "\"",
              List.of()));
      return true;
    }
    return false;
  }

  private static List<Violation> defaultValidation(ObjectNode body) {
    if (body.path("type").asText().equals("Dataplane")
        && body.path("networking").path("address").asText("").isEmpty()) {
      return List.of(new Violation("networking.address", "address can't be empty"));
    }
    return List.of();
  }

  private static ObjectNode error(String title, String details, List<Violation> causes) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("title", title).put("details", details);
    if (!causes.isEmpty()) {
      ArrayNode array = out.putArray("causes");
      causes.forEach(c -> array.addObject().put("field", c.field()).put("message", c.message()));
    }
    return out;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String param : raw.split("&")) {
      int eq = param.indexOf('=');
      if (eq > 0) {
        out.put(
            param.substring(0, eq),
            URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
