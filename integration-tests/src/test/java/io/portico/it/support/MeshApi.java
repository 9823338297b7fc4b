package io.portico.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.codec.ParsedDocument;
import io.portico.mesh.api.codec.ResourceCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The control plane's REST API, as a test drives it: apply YAML, delete, issue tokens, read. */
public final class MeshApi {
  private static final ResourceCodec CODEC = ResourceCodec.standard();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final ControlPlaneProcess cp;

  public MeshApi(ControlPlaneProcess cp) {
    this.cp = cp;
  }

  /** PUTs every document of the YAML, in order; fails on the first refusal. */
  public void apply(String yaml) {
    for (ParsedDocument doc : CODEC.readDocuments(yaml)) {
      if (!doc.isParsed()) {
        throw new AssertionError(doc.describe() + ": " + doc.violations() + "\n" + yaml);
      }
      Resource<?> r = doc.resource();
      HttpResponse<String> response = send("PUT", path(r), CODEC.toJson(r));
      if (response.statusCode() != 200 && response.statusCode() != 201) {
        throw new AssertionError(
            "PUT " + path(r) + " answered " + response.statusCode() + ": " + response.body());
      }
    }
  }

  public void delete(String path) {
    HttpResponse<String> response = send("DELETE", path, null);
    if (response.statusCode() != 200) {
      throw new AssertionError("DELETE " + path + ": " + response.body());
    }
  }

  public JsonNode get(String path) {
    HttpResponse<String> response = send("GET", path, null);
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + response.statusCode());
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The status of {@code GET path}. */
  public int status(String path) {
    return send("GET", path, null).statusCode();
  }

  /** A dataplane token for {@code mesh/name} (POST /tokens/dataplane). */
  public String dataplaneToken(String mesh, String name) {
    HttpResponse<String> response =
        send("POST", "/tokens/dataplane", "{\"mesh\":\"" + mesh + "\",\"name\":\"" + name + "\"}");
    if (response.statusCode() != 200) {
      throw new AssertionError("token for " + name + ": " + response.body());
    }
    return response.body();
  }

  private static String path(Resource<?> r) {
    if (!r.type().isMeshScoped()) {
      return "/" + (r.type().name().equals("Mesh") ? "meshes" : r.type().plural()) + "/" + r.name();
    }
    return "/meshes/" + r.mesh() + "/" + r.type().plural() + "/" + r.name();
  }

  private HttpResponse<String> send(String method, String path, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(cp.apiUrl() + path)).timeout(Duration.ofSeconds(20));
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
