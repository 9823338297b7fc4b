package io.portico.cli.config;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How to reach and authenticate to one control plane's REST API.
 *
 * @param url the API base URL, {@code http://localhost:5681} or {@code https://host:5682}
 * @param caCertFile a PEM file of the CA to trust for HTTPS; empty for the JDK's trust store
 * @param skipVerify whether to skip checking the server certificate (HTTPS only)
 * @param headers extra headers sent with every request, sorted by name
 * @param authType the authentication type; {@code tokens} or empty for none
 * @param authConf the authentication settings ({@code token} for {@code tokens})
 */
public record ApiServer(
    String url,
    String caCertFile,
    boolean skipVerify,
    Map<String, String> headers,
    String authType,
    Map<String, String> authConf) {
  /** The only authentication type: a user token sent as {@code Authorization: Bearer <jwt>}. */
  public static final String TOKENS = "tokens";

  public ApiServer {
    Objects.requireNonNull(url, "url");
    caCertFile = caCertFile == null ? "" : caCertFile;
    headers = headers == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(headers));
    authType = authType == null ? "" : authType;
    authConf = authConf == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(authConf));
  }

  /** A plain API server without TLS settings, headers or authentication. */
  public static ApiServer of(String url) {
    return new ApiServer(url, "", false, Map.of(), "", Map.of());
  }

  /** The user token to send, or empty when this API server is not configured with tokens. */
  public String bearerToken() {
    return TOKENS.equals(authType) ? authConf.getOrDefault("token", "") : "";
  }
}
