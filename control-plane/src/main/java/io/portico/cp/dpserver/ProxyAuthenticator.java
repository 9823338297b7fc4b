package io.portico.cp.dpserver;

import io.portico.cp.auth.InvalidTokenException;
import io.portico.cp.dptoken.DataplaneTokenClaims;
import io.portico.cp.dptoken.DataplaneTokens;
import java.util.Map;
import java.util.Objects;

/**
 * Decides who a proxy is from the token it sends ({@code dpServer.auth.type}, spec/core.md §6.1,
 * spec/kubernetes.md §5.10).
 *
 * <ul>
 *   <li>{@code dpToken}: a dataplane token signed by the mesh's signing key; its claims say which
 *       dataplanes it may be.
 *   <li>{@code serviceAccountToken}: the pod's service account token, checked with the Kubernetes
 *       API server; it may be only the Dataplane of its own pod.
 *   <li>{@code none}: no token is asked for; any proxy may be any dataplane.
 * </ul>
 */
public interface ProxyAuthenticator {
  /**
   * What the proxy sending {@code token} may be, for a proxy saying it is dataplane {@code name} of
   * {@code mesh}.
   *
   * @param token the token sent, without {@code Bearer }; empty when none was sent
   * @throws InvalidTokenException when the token is missing or cannot be trusted, saying why
   */
  DataplaneTokenClaims authenticate(String token, String mesh, String name);

  /** Dataplane tokens of the mesh's signing keys. */
  static ProxyAuthenticator dataplaneTokens(DataplaneTokens tokens) {
    Objects.requireNonNull(tokens, "tokens");
    return (token, mesh, name) -> {
      if (token.isEmpty()) {
        throw new InvalidTokenException(
            "dataplane token is missing: the proxy must send it as the authorization metadata"
                + " (portico-dp --dataplane-token-file)");
      }
      try {
        return tokens.verify(token, mesh);
      } catch (InvalidTokenException e) {
        throw new InvalidTokenException("dataplane token is not valid: " + e.getMessage());
      }
    };
  }

  /** No authentication: every proxy may be every dataplane. */
  static ProxyAuthenticator none() {
    return (token, mesh, name) -> new DataplaneTokenClaims("", "", Map.of(), "", "");
  }
}
