package io.portico.cp.api;

import static io.portico.cp.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.cp.ApiClient;
import io.portico.cp.ControlPlane;
import io.portico.cp.TestControlPlanes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One regression test per defect a fuzz run of the API found (issue 8), against a control plane on
 * SQLite, as the fuzz run had: values accepted that could not be read back, parsers with
 * super-linear time, 500s, bodies accepted that should be refused, and answers outside Kuma's JSON
 * error shape. Raw sockets send what an HTTP client library would not.
 */
class HostileInputApiTest {
  private static final AtomicInteger meshes = new AtomicInteger();
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  @TempDir static Path workDir;
  static ControlPlane cp;
  static ApiClient api;

  @BeforeAll
  static void start() {
    cp = TestControlPlanes.start(workDir, Map.of("PORTICO_STORE_TYPE", "sqlite"));
    api = ApiClient.of(cp);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> api.get("/meshes/default").statusCode() == 200);
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  private static String newMesh() {
    String mesh = "h" + meshes.incrementAndGet();
    assertStatus(api.put("/meshes/" + mesh, "{\"type\":\"Mesh\",\"name\":\"" + mesh + "\"}"), 201);
    return mesh;
  }

  private static String timeout(String mesh, String name, String connectTimeout) {
    return """
        {"type": "Timeout", "mesh": "%s", "name": "%s",
         "sources": [{"match": {"kuma.io/service": "*"}}],
         "destinations": [{"match": {"kuma.io/service": "*"}}],
         "conf": {"connectTimeout": %s}}
        """
        .formatted(mesh, name, connectTimeout);
  }

  private static void assertStatus(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
  }

  /** Kuma's error shape: JSON with a title and details, and the causes named. */
  private static JsonNode assertKumaError(HttpResponse<String> response, int status) {
    assertStatus(response, status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode body = json(response);
    assertThat(body.path("title").asText()).isNotBlank();
    assertThat(body.path("details").asText()).isNotBlank();
    return body;
  }

  private static List<String> causes(HttpResponse<String> response) {
    List<String> out = new ArrayList<>();
    json(response)
        .path("causes")
        .forEach(c -> out.add(c.path("field").asText() + ": " + c.path("message").asText()));
    return out;
  }

  private static HttpResponse<String> send(String method, String path, byte[] body, String type) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(api.base() + path))
              .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
              .timeout(READ_TIMEOUT);
      if (type != null) {
        request.header("Content-Type", type);
      }
      return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A whole raw exchange: the answer's status line, headers and body as text. */
  private record RawAnswer(int status, String head, String body) {}

  /**
   * Writes {@code request} as is and reads the answer until the server closes the connection or its
   * Content-Length is read; fails if nothing complete comes within {@link #READ_TIMEOUT}.
   */
  private static RawAnswer raw(String request) {
    try (Socket socket = new Socket("127.0.0.1", cp.ports().apiHttp())) {
      socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream read = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      while (true) {
        String text = read.toString(StandardCharsets.UTF_8);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
          String head = text.substring(0, headEnd);
          int length = contentLength(head);
          if (length >= 0 && read.size() >= headEnd + 4 + length) {
            return answer(head, text.substring(headEnd + 4));
          }
        }
        int n = in.read(buffer);
        if (n < 0) {
          int end = text.indexOf("\r\n\r\n");
          return answer(
              end < 0 ? text : text.substring(0, end), end < 0 ? "" : text.substring(end + 4));
        }
        read.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new AssertionError(
          "no complete answer to " + request.lines().findFirst().orElse(""), e);
    }
  }

  private static RawAnswer answer(String head, String body) {
    return new RawAnswer(Integer.parseInt(head.split(" ", 3)[1]), head, body);
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    return -1;
  }

  private static void assertRawKumaError(RawAnswer answer, int status, String details) {
    assertThat(answer.status()).as(answer.head()).isEqualTo(status);
    assertThat(answer.head().toLowerCase()).contains("content-type: application/json");
    JsonNode body;
    try {
      body = new ObjectMapper().readTree(answer.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + answer.body(), e);
    }
    assertThat(body.path("title").asText()).isNotBlank();
    assertThat(body.path("details").asText()).contains(details);
  }

  // ---------------------------------------------------------------- acknowledged but unreadable

  @Test
  void aDurationGivenAsANumberIsRefusedAndNothingIsStored() {
    String mesh = newMesh();
    HttpResponse<String> r =
        api.put("/meshes/" + mesh + "/timeouts/t1", timeout(mesh, "t1", "1e10"));

    assertKumaError(r, 400);
    assertThat(causes(r))
        .containsExactly(
            "conf.connectTimeout: expected a duration such as \"5s\" or \"1h30m\" but got the"
                + " number 1E+10: a duration is a string with a unit");
    assertStatus(api.get("/meshes/" + mesh + "/timeouts/t1"), 404);
    assertStatus(api.get("/meshes/" + mesh + "/timeouts"), 200);
  }

  @Test
  void aDurationBeyondWhatTheProxyCanUseIsRefused() {
    String mesh = newMesh();
    HttpResponse<String> r =
        api.put("/meshes/" + mesh + "/timeouts/t1", timeout(mesh, "t1", "\"10000000000s\""));

    assertKumaError(r, 400);
    assertThat(causes(r))
        .containsExactly(
            "conf.connectTimeout: duration \"10000000000s\" is out of range: expected at most"
                + " 2562047h (292 years)");
    String dataplane =
        """
        {"type": "Dataplane", "mesh": "%s", "name": "d1",
         "networking": {"address": "10.0.0.1",
          "inbound": [{"port": 80, "tags": {"kuma.io/service": "web"},
                       "serviceProbe": {"interval": "876001h"}}]}}
        """
            .formatted(mesh);
    assertThat(causes(assertError(api.put("/meshes/" + mesh + "/dataplanes/d1", dataplane))))
        .containsExactly(
            "networking.inbound[0].serviceProbe.interval: duration \"876001h\" is out of range:"
                + " expected at most 876000h (100 years)");
  }

  private static HttpResponse<String> assertError(HttpResponse<String> response) {
    assertKumaError(response, 400);
    return response;
  }

  /**
   * A value that reached the store anyway (by hand, or from an older version) makes that one
   * resource unreadable: it is left out of listings, answers 409 naming the field, and can be
   * replaced and deleted, and its mesh deleted.
   */
  @Test
  void aStoredResourceThatCannotBeReadCostsOnlyItself() throws SQLException {
    String mesh = newMesh();
    assertStatus(
        api.put("/meshes/" + mesh + "/timeouts/good", timeout(mesh, "good", "\"5s\"")), 201);
    assertStatus(api.put("/meshes/" + mesh + "/timeouts/bad", timeout(mesh, "bad", "\"5s\"")), 201);
    String dataplane =
        """
        {"type": "Dataplane", "mesh": "%s", "name": "%s",
         "networking": {"address": "10.0.0.1",
          "inbound": [{"port": 80, "tags": {"kuma.io/service": "web"}}]}}
        """;
    assertStatus(
        api.put("/meshes/" + mesh + "/dataplanes/d1", dataplane.formatted(mesh, "d1")), 201);
    assertStatus(
        api.put("/meshes/" + mesh + "/dataplanes/d2", dataplane.formatted(mesh, "d2")), 201);
    writeSpec(
        "Timeout",
        mesh,
        "bad",
        "{\"sources\":[{\"match\":{\"kuma.io/service\":\"*\"}}],\"destinations\":[{\"match\":"
            + "{\"kuma.io/service\":\"*\"}}],\"conf\":{\"connectTimeout\":\"10000000000s\"}}");
    writeSpec(
        "Dataplane",
        mesh,
        "d2",
        "{\"networking\":{\"address\":\"10.0.0.1\",\"inbound\":[{\"port\":80,\"tags\":"
            + "{\"kuma.io/service\":\"web\"},\"serviceProbe\":{\"interval\":1e308}}]}}");

    HttpResponse<String> list = api.get("/meshes/" + mesh + "/timeouts");
    assertStatus(list, 200);
    assertThat(json(list).path("items").findValuesAsText("name"))
        .containsExactly("good", "timeout-all-" + mesh);
    HttpResponse<String> overviews = api.get("/meshes/" + mesh + "/dataplanes+insights");
    assertStatus(overviews, 200);
    assertThat(json(overviews).path("items").findValuesAsText("name")).containsExactly("d1");
    assertStatus(api.get("/meshes/" + mesh + "/dataplanes"), 200);

    HttpResponse<String> get = api.get("/meshes/" + mesh + "/timeouts/bad");
    assertThat(assertKumaError(get, 409).path("details").asText())
        .isEqualTo(
            "The stored resource cannot be read: conf.connectTimeout: duration \"10000000000s\" is"
                + " out of range: expected at most 2562047h (292 years). Replace it with PUT or"
                + " remove it with DELETE");

    assertStatus(api.put("/meshes/" + mesh + "/timeouts/bad", timeout(mesh, "bad", "\"3s\"")), 200);
    assertThat(
            json(api.get("/meshes/" + mesh + "/timeouts/bad")).at("/conf/connectTimeout").asText())
        .isEqualTo("3s");
    assertStatus(api.delete("/meshes/" + mesh + "/dataplanes/d2"), 200);
    assertStatus(api.delete("/meshes/" + mesh + "/dataplanes/d1"), 200);
    writeSpec("Timeout", mesh, "bad", "{\"conf\": [");
    assertStatus(api.delete("/meshes/" + mesh), 200);
    assertStatus(api.get("/meshes/" + mesh), 404);
  }

  /** Writes a spec column of the control plane's SQLite file, bypassing the API. */
  private static void writeSpec(String type, String mesh, String name, String spec)
      throws SQLException {
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + workDir.resolve("portico.db"));
        Statement pragma = c.createStatement();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE resources SET spec = ? WHERE type = ? AND mesh = ? AND name = ?")) {
      pragma.execute("PRAGMA busy_timeout = 10000");
      ps.setString(1, spec);
      ps.setString(2, type);
      ps.setString(3, mesh);
      ps.setString(4, name);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  // ---------------------------------------------------------------- bounded time

  /**
   * The duration pattern took 4.5 s on 800 digits and never answered 10,000; the bound only stops a
   * hang, the answer takes milliseconds.
   */
  @Test
  @Timeout(30)
  void longDigitStringsAreRefusedAtOnce() {
    String mesh = newMesh();
    String digits = "1".repeat(10_000);
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> r =
          api.put("/meshes/" + mesh + "/timeouts/t1", timeout(mesh, "t1", "\"" + digits + "\""));
      assertThat(causes(assertError(r)))
          .containsExactly(
              "conf.connectTimeout: duration \"1111111111111111111111111111111111111111…\" (10000"
                  + " characters) is out of range: expected at most 2562047h (292 years)");
    }
    HttpResponse<String> token =
        api.post(
            "/tokens/dataplane", "{\"mesh\":\"" + mesh + "\",\"validFor\":\"" + digits + "h\"}");
    assertThat(causes(assertError(token))).singleElement().asString().startsWith("validFor:");
  }

  @Test
  void aDeclaredBodyTooLargeIsRefusedBeforeItIsSent() {
    RawAnswer answer =
        raw(
            "PUT /meshes/default/timeouts/t1 HTTP/1.1\r\nHost: x\r\nContent-Type:"
                + " application/json\r\nContent-Length: 52428800\r\n\r\n");
    assertRawKumaError(answer, 413, "The request body of 52428800 bytes is too large");
    assertThat(answer.head().toLowerCase()).contains("connection: close");
  }

  // ---------------------------------------------------------------- 500 instead of 400

  @Test
  void bigNumbersInATokenRequestAreRefusedNamingTheField() {
    assertThat(
            causes(
                assertError(
                    api.post(
                        "/tokens/dataplane",
                        "{\"mesh\":\"default\",\"validFor\":\"99999999999999h\"}"))))
        .containsExactly(
            "validFor: duration \"99999999999999h\" is out of range: expected at most 2562047h (292"
                + " years)");
    assertThat(
            causes(
                assertError(
                    api.post(
                        "/tokens/dataplane", "{\"mesh\":\"default\",\"validFor\":\"900000h\"}"))))
        .containsExactly(
            "validFor: duration \"900000h\" is out of range: expected at most 876000h (100 years)");
    assertThat(
            causes(
                assertError(api.post("/tokens/user", "{\"name\":\"a\",\"validFor\":\"1e400h\"}"))))
        .singleElement()
        .asString()
        .startsWith("validFor: invalid duration \"1e400h\"");
  }

  @Test
  void malformedEscapesInThePathOrQueryAre400() {
    assertRawKumaError(
        raw("GET /meshes/default/timeouts/%zz HTTP/1.1\r\nHost: x\r\n\r\n"), 400, "");
    assertRawKumaError(raw("GET /meshes/%2 HTTP/1.1\r\nHost: x\r\n\r\n"), 400, "");
    assertRawKumaError(
        raw("GET /meshes?size=%zz HTTP/1.1\r\nHost: x\r\n\r\n"),
        400,
        "The query string has a malformed escape at character 6");
    assertRawKumaError(
        raw("GET /meshes?size=%ff%fe HTTP/1.1\r\nHost: x\r\n\r\n"),
        400,
        "The query string decodes to bytes that are not UTF-8");
    assertRawKumaError(
        raw("GET /%?a=1 HTTP/1.1\r\nHost: x\r\n\r\n"),
        400,
        "The path has a malformed escape at character 2");
    assertStatus(api.get("/meshes/default/timeouts/%25zz"), 404);
  }

  // ---------------------------------------------------------------- accepted what should be
  // refused

  @Test
  void invalidUtf8IsRefusedInJsonAndYaml() {
    byte[] json = "{\"type\":\"Mesh\",\"name\":\"u\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
    HttpResponse<String> r = send("PUT", "/meshes/u", json, "application/json");
    assertThat(assertKumaError(r, 400).path("details").asText())
        .isEqualTo(
            "The request body is not valid UTF-8: 1 invalid byte(s) at offset 24: expected UTF-8"
                + " text");
    byte[] yaml = "type: Mesh\nname: u\ntag: \u00c3(\n".getBytes(StandardCharsets.ISO_8859_1);
    assertKumaError(send("PUT", "/meshes/u", yaml, "application/yaml"), 400);
    assertStatus(api.get("/meshes/u"), 404);
  }

  @Test
  void aBodyOfTwoYamlDocumentsIsRefused() {
    String mesh = newMesh();
    HttpResponse<String> r =
        api.put(
            "/meshes/" + mesh + "/timeouts/t1",
            "type: Timeout\nmesh: " + mesh + "\nname: t1\n---\ntype: Timeout\nname: t2\n",
            "application/yaml");
    assertThat(assertKumaError(r, 400).path("details").asText())
        .isEqualTo(
            "Malformed YAML at line 5, column 1: expected one document but the input holds 2 (the"
                + " second starts at line 5)");
  }

  @Test
  void yamlTagsAreRefused() {
    for (String body :
        List.of(
            "!!python/object:os.system\ntype: Mesh\nname: t\n",
            "--- !custom\ntype: Mesh\nname: t\n",
            "type: Mesh\nname: !!str t\n")) {
      HttpResponse<String> r = api.put("/meshes/t", body, "application/yaml");
      assertThat(assertKumaError(r, 400).path("details").asText())
          .contains("YAML tags are not accepted");
    }
    assertStatus(api.get("/meshes/t"), 404);
  }

  @Test
  void anAliasToAnUndefinedAnchorIsRefused() {
    HttpResponse<String> r =
        api.put("/meshes/a", "type: Mesh\nname: a\nlogging: *nowhere\n", "application/yaml");
    assertThat(assertKumaError(r, 400).path("details").asText())
        .isEqualTo(
            "Malformed YAML at line 3, column 10: alias *nowhere refers to no anchor &nowhere"
                + " defined before it");
  }

  @Test
  void aFractionInAnIntegerFieldIsRefused() {
    String mesh = newMesh();
    String dataplane =
        """
        {"type": "Dataplane", "mesh": "%s", "name": "d1",
         "networking": {"address": "10.0.0.1",
          "inbound": [{"port": 80.5, "tags": {"kuma.io/service": "web"}}]}}
        """
            .formatted(mesh);
    assertThat(causes(assertError(api.put("/meshes/" + mesh + "/dataplanes/d1", dataplane))))
        .containsExactly("networking.inbound[0].port: expected an integer but got the number 80.5");
  }

  // ---------------------------------------------------------------- wrong value

  @Test
  void anAliasInAStringFieldIsStoredAsTheAnchoredValue() {
    String mesh = newMesh();
    String yaml =
        """
        type: Timeout
        mesh: %s
        name: t1
        sources: [{match: {kuma.io/service: &any '*'}}]
        destinations: [{match: {kuma.io/service: *any}}]
        conf: {connectTimeout: 5s}
        """
            .formatted(mesh);
    assertStatus(api.put("/meshes/" + mesh + "/timeouts/t1", yaml, "application/yaml"), 201);
    JsonNode stored = json(api.get("/meshes/" + mesh + "/timeouts/t1"));
    assertThat(stored.at("/destinations/0/match/kuma.io~1service").asText()).isEqualTo("*");
  }

  // ---------------------------------------------------------------- error shape

  @Test
  void refusalsOfTheHttpServerItselfAreKumaJson() {
    assertRawKumaError(raw("GE T /meshes HTTP/1.1\r\nHost: x\r\n\r\n"), 400, "Illegal character");
    assertRawKumaError(raw("GET /meshes HTTP/3.0\r\nHost: x\r\n\r\n"), 400, "Version");
    assertRawKumaError(
        raw("GET /meshes/" + "a".repeat(9_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
        414,
        "The request target is too long");
    assertRawKumaError(
        raw("GET /meshes HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9_000) + "\r\n\r\n"),
        431,
        "The request headers are too large");
    assertRawKumaError(
        raw(
            "PUT /meshes/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length:"
                + " 3\r\n\r\n0\r\n\r\n"),
        400,
        "Transfer-Encoding and Content-Length");
    assertRawKumaError(raw("GET /no/such/endpoint/here HTTP/1.1\r\nHost: x\r\n\r\n"), 404, "");
    assertRawKumaError(raw("OPTIONS /meshes HTTP/1.1\r\nHost: x\r\n\r\n"), 405, "OPTIONS");
    assertRawKumaError(raw("FOO /meshes HTTP/1.1\r\nHost: x\r\n\r\n"), 405, "FOO");
  }

  @Test
  void aBodyTooLargeAsSentIs413InKumaJson() {
    int size = 1024 * 1024 + 1;
    RawAnswer answer =
        raw(
            "PUT /meshes/big HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(size)
                + "\r\n"
                + " ".repeat(size)
                + "\r\n0\r\n\r\n");
    assertRawKumaError(answer, 413, "more than 1048576 bytes");
  }
}
