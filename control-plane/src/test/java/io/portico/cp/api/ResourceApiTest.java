package io.portico.cp.api;

import static io.portico.cp.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.cp.ApiClient;
import io.portico.cp.ControlPlane;
import io.portico.cp.TestControlPlanes;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API of spec/core.md §5.1–5.5 against an in-process control plane (memory store). */
class ResourceApiTest {
  static final int MAX_BODY = 4096;
  private static final AtomicInteger meshes = new AtomicInteger();

  @TempDir static Path workDir;
  static ControlPlane cp;
  static ApiClient api;

  @BeforeAll
  static void start() {
    cp =
        TestControlPlanes.start(
            workDir, Map.of("PORTICO_API_SERVER_MAX_REQUEST_BODY_BYTES", "" + MAX_BODY));
    api = ApiClient.of(cp);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> api.get("/meshes/default").statusCode() == 200);
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  /** A new mesh for one test, so that tests do not see each other's resources. */
  static String newMesh() {
    String mesh = "m" + meshes.incrementAndGet();
    assertThat(api.put("/meshes/" + mesh, meshBody(mesh)).statusCode()).isEqualTo(201);
    return mesh;
  }

  static String meshBody(String name) {
    return "{\"type\":\"Mesh\",\"name\":\"" + name + "\"}";
  }

  static String permission(String mesh, String name) {
    return """
        {"type": "TrafficPermission", "mesh": "%s", "name": "%s",
         "sources": [{"match": {"kuma.io/service": "web"}}],
         "destinations": [{"match": {"kuma.io/service": "backend"}}]}
        """
        .formatted(mesh, name);
  }

  static String timeout(String mesh, String name) {
    return """
        {"type": "Timeout", "mesh": "%s", "name": "%s",
         "sources": [{"match": {"kuma.io/service": "*"}}],
         "destinations": [{"match": {"kuma.io/service": "*"}}],
         "conf": {"connectTimeout": "5s"}}
        """
        .formatted(mesh, name);
  }

  static void assertError(HttpResponse<String> response, int status, String title, String details) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode body = json(response);
    assertThat(body.path("title").asText()).isEqualTo(title);
    assertThat(body.path("details").asText()).isEqualTo(details);
  }

  static List<String> causes(HttpResponse<String> response) {
    List<String> out = new ArrayList<>();
    json(response)
        .path("causes")
        .forEach(c -> out.add(c.path("field").asText() + ": " + c.path("message").asText()));
    return out;
  }

  // ---------------------------------------------------------------- index, config, policies

  @Test
  void indexNamesPorticoItsVersionAndInstance() {
    HttpResponse<String> r = api.get("/");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode index = json(r);
    assertThat(index.path("tagline").asText()).isEqualTo("Portico");
    assertThat(index.path("version").asText()).isNotEmpty();
    assertThat(index.path("hostname").asText()).isNotEmpty();
    assertThat(index.path("instanceId").asText()).startsWith(index.path("hostname").asText());
    assertThat(index.path("clusterId").asText()).isNotEmpty();
  }

  @Test
  void configShowsTheEffectiveConfigWithPasswordsMasked() {
    HttpResponse<String> r = api.get("/config");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode config = json(r);
    assertThat(config.at("/store/type").asText()).isEqualTo("memory");
    assertThat(config.at("/store/postgres/password").asText()).isEqualTo("*****");
    assertThat(config.at("/apiServer/maxRequestBodyBytes").asText()).isEqualTo("" + MAX_BODY);
  }

  @Test
  void policiesAreListedSortedByName() {
    HttpResponse<String> r = api.get("/policies");
    assertThat(r.statusCode()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    json(r).path("policies").forEach(p -> names.add(p.path("name").asText()));
    assertThat(names).contains("TrafficPermission", "MeshGateway", "Retry").isSorted();
    JsonNode retry = null;
    for (JsonNode p : json(r).path("policies")) {
      if (p.path("name").asText().equals("Retry")) {
        retry = p;
      }
    }
    assertThat(retry).isNotNull();
    assertThat(retry.path("path").asText()).isEqualTo("retries");
    assertThat(retry.path("singularDisplayName").asText()).isEqualTo("Retry");
    assertThat(retry.path("pluralDisplayName").asText()).isEqualTo("Retries");
    assertThat(retry.path("readOnly").asBoolean(true)).isFalse();
  }

  // ---------------------------------------------------------------- create, replace, get, delete

  @Test
  void putCreatesWith201AndAnEmptyBody() {
    String mesh = newMesh();
    HttpResponse<String> r =
        api.put("/meshes/" + mesh + "/traffic-permissions/p1", permission(mesh, "p1"));
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void putReplacesWith200AndKeepsTheCreationTime() {
    String mesh = newMesh();
    String path = "/meshes/" + mesh + "/traffic-permissions/p1";
    assertThat(api.put(path, permission(mesh, "p1")).statusCode()).isEqualTo(201);
    String created = json(api.get(path)).path("creationTime").asText();
    HttpResponse<String> r = api.put(path, permission(mesh, "p1"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    JsonNode after = json(api.get(path));
    assertThat(after.path("creationTime").asText()).isEqualTo(created);
    assertThat(after.path("modificationTime").asText()).isNotEmpty();
  }

  @Test
  void getReturnsTheUniversalForm() {
    String mesh = newMesh();
    api.put("/meshes/" + mesh + "/traffic-permissions/p1", permission(mesh, "p1"));
    HttpResponse<String> r = api.get("/meshes/" + mesh + "/traffic-permissions/p1");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.path("type").asText()).isEqualTo("TrafficPermission");
    assertThat(body.path("mesh").asText()).isEqualTo(mesh);
    assertThat(body.path("name").asText()).isEqualTo("p1");
    assertThat(body.path("creationTime").asText()).isNotEmpty();
    assertThat(body.path("modificationTime").asText()).isNotEmpty();
  }

  @Test
  void globalTypesLiveAtTheirPluralWithoutMesh() {
    HttpResponse<String> r = api.put("/zones/zone-1", "{\"type\":\"Zone\",\"name\":\"zone-1\"}");
    assertThat(r.statusCode()).isEqualTo(201);
    JsonNode zone = json(api.get("/zones/zone-1"));
    assertThat(zone.path("name").asText()).isEqualTo("zone-1");
    assertThat(zone.has("mesh")).isFalse();
    assertThat(api.delete("/zones/zone-1").statusCode()).isEqualTo(200);
  }

  @Test
  void yamlBodyIsAccepted() {
    String mesh = newMesh();
    String yaml =
        "type: TrafficPermission\nmesh: "
            + mesh
            + "\nname: from-yaml\nsources:\n  - match: {kuma.io/service: web}\n"
            + "destinations:\n  - match: {kuma.io/service: backend}\n";
    assertThat(
            api.put("/meshes/" + mesh + "/traffic-permissions/from-yaml", yaml, "application/yaml")
                .statusCode())
        .isEqualTo(201);
    assertThat(
            api.put(
                    "/meshes/" + mesh + "/traffic-permissions/from-yaml",
                    yaml,
                    "text/yaml; charset=utf-8")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void bodyWithoutContentTypeIsReadAsJson() {
    String mesh = newMesh();
    assertThat(
            api.put("/meshes/" + mesh + "/traffic-permissions/p1", permission(mesh, "p1"), null)
                .statusCode())
        .isEqualTo(201);
  }

  @Test
  void deleteAnswers200ThenTheResourceIsGone() {
    String mesh = newMesh();
    String path = "/meshes/" + mesh + "/traffic-permissions/p1";
    api.put(path, permission(mesh, "p1"));
    HttpResponse<String> r = api.delete(path);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertError(api.get(path), 404, "Could not retrieve a resource", "Not found");
  }

  @Test
  void deletingAMeshDeletesItsResources() {
    String mesh = newMesh();
    api.put("/meshes/" + mesh + "/traffic-permissions/p1", permission(mesh, "p1"));
    assertThat(api.delete("/meshes/" + mesh).statusCode()).isEqualTo(200);
    assertThat(api.get("/meshes/" + mesh + "/traffic-permissions/p1").statusCode()).isEqualTo(404);
  }

  // ---------------------------------------------------------------- lists

  @Test
  void listPaginatesWithAnAbsoluteNextLink() {
    String mesh = newMesh();
    for (String name : List.of("a", "b", "c")) {
      assertThat(api.put("/meshes/" + mesh + "/timeouts/" + name, timeout(mesh, name)).statusCode())
          .isEqualTo(201);
    }
    HttpResponse<String> first = api.get("/meshes/" + mesh + "/timeouts?size=2");
    assertThat(first.statusCode()).isEqualTo(200);
    JsonNode page1 = json(first);
    assertThat(page1.path("total").asInt()).isEqualTo(4);
    assertThat(names(page1)).containsExactly("a", "b");
    String next = page1.path("next").asText();
    assertThat(next).isEqualTo(api.base() + "/meshes/" + mesh + "/timeouts?offset=2&size=2");
    JsonNode page2 = json(api.get(next));
    assertThat(names(page2)).containsExactly("c", "timeout-all-" + mesh);
    assertThat(page2.path("next").isNull()).isTrue();
    assertThat(page2.path("total").asInt()).isEqualTo(4);
  }

  @Test
  void listDefaultsToAllItemsUpTo100WithNullNext() {
    String mesh = newMesh();
    JsonNode page = json(api.get("/meshes/" + mesh + "/traffic-permissions"));
    assertThat(page.path("total").asInt()).isEqualTo(1);
    assertThat(names(page)).containsExactly("allow-all-" + mesh);
    assertThat(page.has("next")).isTrue();
    assertThat(page.path("next").isNull()).isTrue();
  }

  @Test
  void listOfAMeshScopedTypeWithoutMeshCoversEveryMesh() {
    String m1 = newMesh();
    String m2 = newMesh();
    JsonNode page = json(api.get("/traffic-permissions?size=1000"));
    List<String> meshesSeen = new ArrayList<>();
    page.path("items").forEach(i -> meshesSeen.add(i.path("mesh").asText()));
    assertThat(meshesSeen).contains(m1, m2, "default").isSorted();
  }

  @Test
  void listOfMeshes() {
    JsonNode page = json(api.get("/meshes"));
    assertThat(names(page)).contains("default");
  }

  @Test
  void sizeThatIsNotANumberIs400InvalidFormat() {
    HttpResponse<String> r = api.get("/meshes?size=abc");
    assertError(r, 400, "Could not retrieve resources", "Invalid page size");
    assertThat(causes(r)).containsExactly("size: Invalid format");
  }

  @Test
  void sizeAbove1000Is400() {
    HttpResponse<String> r = api.get("/meshes?size=1001");
    assertError(r, 400, "Could not retrieve resources", "Invalid page size");
    assertThat(causes(r))
        .containsExactly("size: Invalid page size of 1001. Maximum page size is 1000");
  }

  @Test
  void malformedOffsetIs400InvalidFormat() {
    HttpResponse<String> r = api.get("/meshes?offset=x1");
    assertError(r, 400, "Could not retrieve resources", "Invalid offset");
    assertThat(causes(r)).containsExactly("offset: Invalid format");
  }

  @Test
  void offsetPastTheEndGivesAnEmptyPage() {
    JsonNode page = json(api.get("/meshes?offset=100000"));
    assertThat(page.path("items")).isEmpty();
    assertThat(page.path("next").isNull()).isTrue();
  }

  private static List<String> names(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.path("items").forEach(i -> out.add(i.path("name").asText()));
    return out;
  }

  // ---------------------------------------------------------------- errors

  @Test
  void missingResourceIs404NotFound() {
    assertError(
        api.get("/meshes/default/traffic-permissions/nope"),
        404,
        "Could not retrieve a resource",
        "Not found");
    assertError(api.get("/meshes/nope"), 404, "Could not retrieve a resource", "Not found");
    assertThat(json(api.get("/meshes/nope")).has("causes")).isFalse();
  }

  @Test
  void deletingAMissingResourceIs404() {
    assertError(
        api.delete("/meshes/default/traffic-permissions/nope"),
        404,
        "Could not delete a resource",
        "Not found");
  }

  @Test
  void unknownPluralIs404ListingTheKnownOnes() {
    HttpResponse<String> r = api.get("/meshes/default/foos");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).path("details").asText())
        .startsWith("Unknown resource type \"foos\"")
        .contains("traffic-permissions");
    assertThat(api.get("/foos").statusCode()).isEqualTo(404);
    assertThat(api.put("/foos/x", "{}").statusCode()).isEqualTo(404);
  }

  @Test
  void meshScopedTypeAtAGlobalPathIs404() {
    HttpResponse<String> r = api.get("/traffic-permissions/allow-all-default");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).path("details").asText()).contains("/meshes/{mesh}/traffic-permissions");
  }

  @Test
  void globalTypeUnderAMeshIs404() {
    assertThat(api.get("/meshes/default/zones").statusCode()).isEqualTo(404);
  }

  @Test
  void unknownEndpointIs404Json() {
    HttpResponse<String> r = api.get("/a/b/c/d/e");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).path("details").asText()).contains("/a/b/c/d/e");
  }

  @Test
  void invalidNamesAre400WithOneCausePerViolation() {
    HttpResponse<String> r =
        api.put(
            "/meshes/Bad.Mesh/traffic-permissions/Bad.Name", permission("Bad.Mesh", "Bad.Name"));
    assertError(r, 400, "Could not create a resource", "Resource is not valid");
    assertThat(causes(r))
        .hasSize(2)
        .anySatisfy(c -> assertThat(c).startsWith("name: "))
        .anySatisfy(c -> assertThat(c).startsWith("mesh: "));
  }

  @Test
  void resourceOfAMissingMeshIs400MeshIsNotFound() {
    HttpResponse<String> r =
        api.put("/meshes/ghost/traffic-permissions/p1", permission("ghost", "p1"));
    assertError(r, 400, "Could not create a resource", "Mesh is not found");
    assertThat(causes(r)).containsExactly("mesh: mesh of name ghost is not found");
  }

  @Test
  void urlAndBodyMismatchIs400NamingEachField() {
    String mesh = newMesh();
    HttpResponse<String> r =
        api.put(
            "/meshes/" + mesh + "/traffic-permissions/p1",
            "{\"type\":\"Timeout\",\"mesh\":\"other\",\"name\":\"p2\"}");
    assertError(r, 400, "Could not process a resource", "Resource is not valid");
    assertThat(causes(r))
        .containsExactly(
            "name: name from the URL has to be the same as in body",
            "type: type from the URL has to be the same as in body",
            "mesh: mesh from the URL has to be the same as in body");
    assertThat(api.get("/meshes/" + mesh + "/traffic-permissions/p1").statusCode()).isEqualTo(404);
  }

  @Test
  void malformedJsonIs400NamingLineAndColumn() {
    HttpResponse<String> r =
        api.put(
            "/meshes/default/traffic-permissions/p1",
            "{\n  \"type\": \"TrafficPermission\",\n  oops\n}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("title").asText()).isEqualTo("Could not process a resource");
    assertThat(json(r).path("details").asText()).startsWith("Malformed JSON at line 3, column");
  }

  @Test
  void malformedYamlIs400NamingLineAndColumn() {
    HttpResponse<String> r =
        api.put(
            "/meshes/default/traffic-permissions/p1",
            "type: TrafficPermission\nname: [p1\n",
            "application/x-yaml");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("details").asText())
        .matches("Malformed YAML at line \\d+, column \\d+: .*");
  }

  @Test
  void trailingGarbageAfterJsonIs400() {
    HttpResponse<String> r =
        api.put("/meshes/default/traffic-permissions/p1", permission("default", "p1") + " {}");
    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void emptyBodyIs400() {
    assertThat(api.put("/meshes/default/traffic-permissions/p1", "").statusCode()).isEqualTo(400);
  }

  @Test
  void nonObjectBodyIs400() {
    HttpResponse<String> r = api.put("/meshes/default/traffic-permissions/p1", "[1, 2]");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("title").asText()).isEqualTo("Could not process a resource");
  }

  @Test
  void unsupportedContentTypeIs415() {
    HttpResponse<String> r =
        api.put(
            "/meshes/default/traffic-permissions/p1", permission("default", "p1"), "text/plain");
    assertError(
        r,
        415,
        "Could not process a resource",
        "Unsupported Content-Type \"text/plain\": expected application/json, application/yaml,"
            + " application/x-yaml or text/yaml");
  }

  @Test
  void bodyOverTheLimitIs413AndNothingIsWritten() {
    String mesh = newMesh();
    String padding = "x".repeat(MAX_BODY);
    String body =
        "{\"type\":\"TrafficPermission\",\"mesh\":\""
            + mesh
            + "\",\"name\":\"big\",\"pad\":\""
            + padding
            + "\"}";
    HttpResponse<String> r = api.put("/meshes/" + mesh + "/traffic-permissions/big", body);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).path("details").asText()).contains("at most " + MAX_BODY + " bytes");
    assertThat(api.get("/meshes/" + mesh + "/traffic-permissions/big").statusCode()).isEqualTo(404);
  }

  @Test
  void fieldOfTheWrongTypeIs400() {
    HttpResponse<String> r =
        api.put(
            "/meshes/default/traffic-permissions/p1",
            "{\"type\":\"TrafficPermission\",\"mesh\":\"default\",\"name\":1}");
    assertThat(r.statusCode()).isEqualTo(400);
  }
}
