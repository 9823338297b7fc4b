package io.portico.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.cli.config.ApiServer;
import io.portico.cli.config.ControlPlaneEntry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Talks to one control plane's REST API. Every request carries the configured headers and, with
 * {@code tokens} authentication, {@code Authorization: Bearer <token>} (spec/core.md §6.3).
 *
 * <p>Failures become {@link UnreachableException} (no answer) or {@link ApiErrorException} (an
 * error status); 404 on reads and deletes is an ordinary outcome instead.
 */
public final class ControlPlaneClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a PUT did. */
  public enum WriteOutcome {
    CREATED,
    UPDATED
  }

  private final String name;
  private final ApiServer server;
  private final URI base;
  private final HttpClient http;
  private final Duration timeout;

  private ControlPlaneClient(
      String name, ApiServer server, URI base, HttpClient http, Duration timeout) {
    this.name = name;
    this.server = server;
    this.base = base;
    this.http = http;
    this.timeout = timeout;
  }

  /**
   * A client for a configured control plane.
   *
   * @param timeout how long to wait for connecting and for each answer
   * @throws ControlPlaneException when the address is not an http(s) URL or TLS cannot be set up
   */
  public static ControlPlaneClient connect(ControlPlaneEntry controlPlane, Duration timeout) {
    ApiServer server = controlPlane.apiServer();
    URI base = parseAddress(server.url());
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER);
    if ("https".equals(base.getScheme())) {
      builder.sslContext(TrustSettings.sslContext(server));
    }
    return new ControlPlaneClient(controlPlane.name(), server, base, builder.build(), timeout);
  }

  /**
   * Checks that an address is an absolute http or https URL with a host.
   *
   * @throws ControlPlaneException naming the address and what was expected
   */
  public static URI parseAddress(String address) {
    String expected = ": expected an http:// or https:// URL such as http://localhost:5681";
    URI uri;
    try {
      uri = new URI(address.strip());
    } catch (URISyntaxException e) {
      throw new ControlPlaneException("address \"" + address + "\" is not a URL" + expected, e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new ControlPlaneException("address \"" + address + "\" is not usable" + expected);
    }
    return uri;
  }

  /** The API base URL, as configured. */
  public String address() {
    return server.url();
  }

  /** The index document {@code GET /}: {@code {hostname, tagline, version, ...}}. */
  public JsonNode index() {
    HttpResponse<String> response = send("GET", "/", null);
    expectSuccess(response);
    return readJson(response);
  }

  /** {@code GET path}; empty on 404. */
  public Optional<JsonNode> find(String path) {
    HttpResponse<String> response = send("GET", path, null);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    expectSuccess(response);
    return Optional.of(readJson(response));
  }

  /**
   * A page of a list; {@code size} and {@code offset} are left out when null or empty, and added to
   * the query {@code path} may already have.
   */
  public ResourcePage list(String path, Integer size, String offset) {
    StringBuilder query = new StringBuilder();
    if (size != null) {
      query.append("size=").append(size);
    }
    if (offset != null && !offset.isEmpty()) {
      query
          .append(query.length() == 0 ? "" : "&")
          .append("offset=")
          .append(ResourcePaths.segment(offset));
    }
    String target = query.length() == 0 ? path : path + (path.contains("?") ? "&" : "?") + query;
    HttpResponse<String> response = send("GET", target, null);
    expectSuccess(response);
    JsonNode page = readJson(response);
    List<JsonNode> items = new ArrayList<>();
    page.path("items").forEach(items::add);
    JsonNode next = page.path("next");
    return new ResourcePage(
        page.path("total").asLong(items.size()), items, next.isTextual() ? next.asText() : "");
  }

  /** {@code PUT path} with a JSON body: 201 created or 200 updated. */
  public WriteOutcome put(String path, JsonNode body) {
    HttpResponse<String> response = send("PUT", path, body);
    expectSuccess(response);
    return response.statusCode() == 201 ? WriteOutcome.CREATED : WriteOutcome.UPDATED;
  }

  /** {@code POST path} with a JSON body; the answer's body as text (a token). */
  public String postForText(String path, JsonNode body) {
    HttpResponse<String> response = send("POST", path, body);
    expectSuccess(response);
    return response.body();
  }

  /** {@code DELETE path}; false on 404. */
  public boolean delete(String path) {
    HttpResponse<String> response = send("DELETE", path, null);
    if (response.statusCode() == 404) {
      return false;
    }
    expectSuccess(response);
    return true;
  }

  private HttpResponse<String> send(String method, String path, JsonNode body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(resolve(path)).timeout(timeout).header("Accept", "application/json");
    for (Map.Entry<String, String> header : server.headers().entrySet()) {
      request.header(header.getKey(), header.getValue());
    }
    if (!server.bearerToken().isEmpty()) {
      request.header("Authorization", "Bearer " + server.bearerToken());
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json");
      request.method(
          method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UnreachableException(server.url(), reason(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnreachableException(server.url(), "interrupted while waiting for an answer", e);
    } catch (IllegalArgumentException e) {
      throw new ControlPlaneException(
          "could not call the control plane at " + server.url() + ": " + e.getMessage(), e);
    }
  }

  private URI resolve(String path) {
    String prefix = base.toString();
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    return URI.create(prefix + (path.startsWith("/") ? path : "/" + path));
  }

  private void expectSuccess(HttpResponse<String> response) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    throw new ApiErrorException(
        status,
        ApiError.parse(response.body()),
        server.url(),
        name,
        !server.bearerToken().isEmpty());
  }

  private JsonNode readJson(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new ControlPlaneException(
          "the control plane at "
              + server.url()
              + " answered "
              + response.uri().getRawPath()
              + " with something that is not JSON: "
              + e.getMessage(),
          e);
    }
  }

  private String reason(IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "no connection within " + seconds(timeout) + " (--api-timeout)";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer within " + seconds(timeout) + " (--api-timeout)";
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return "unknown host " + base.getHost();
      }
      if (t instanceof SSLException) {
        return "TLS failed ("
            + t.getMessage()
            + "); trust the control plane's CA with --ca-cert-file or skip the check with"
            + " --skip-verify";
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException && t.getMessage() != null) {
        return t.getMessage().toLowerCase(Locale.ROOT);
      }
    }
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return e.getClass().getSimpleName();
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
