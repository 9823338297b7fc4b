package io.portico.cp.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.portico.cp.auth.InvalidTokenException;
import io.portico.cp.dpserver.ProxyAuthenticator;
import io.portico.cp.dptoken.DataplaneTokenClaims;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code dpServer.auth.type: serviceAccountToken} (spec/kubernetes.md §5.10): the proxy sends its
 * pod's service account token; the Dataplane {@code <pod>.<namespace>} it says it is names the pod,
 * whose {@code spec.serviceAccountName} ({@code default} when empty) gives the user the token must
 * belong to, {@code system:serviceaccount:<namespace>:<account>}. The API server checks the token
 * (a TokenReview). A token that passed is remembered, by its SHA-256 and that user, for an hour, so
 * a reconnecting proxy costs no request.
 */
public final class ServiceAccountTokenAuthenticator implements ProxyAuthenticator {
  static final Duration CACHE_FOR = Duration.ofHours(1);
  private static final int MAX_CACHED = 100_000;

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, Instant> passed = new ConcurrentHashMap<>();

  public ServiceAccountTokenAuthenticator(KubernetesClient client, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public DataplaneTokenClaims authenticate(String token, String mesh, String name) {
    if (token.isEmpty()) {
      throw new InvalidTokenException(
          "service account token is missing: the proxy must send its pod's token as the"
              + " authorization metadata (portico-dp --dataplane-token-file"
              + " /var/run/secrets/kubernetes.io/serviceaccount/token)");
    }
    int dot = name.lastIndexOf('.');
    if (dot <= 0 || dot == name.length() - 1) {
      throw new InvalidTokenException(
          "dataplane name \"" + name + "\" is not <pod>.<namespace>: cannot find its pod");
    }
    String podName = name.substring(0, dot);
    String namespace = name.substring(dot + 1);
    Pod pod;
    try {
      pod = client.pods().inNamespace(namespace).withName(podName).get();
    } catch (KubernetesClientException e) {
      throw new InvalidTokenException(
          "cannot read pod " + namespace + "/" + podName + ": " + e.getMessage());
    }
    if (pod == null) {
      throw new InvalidTokenException("pod " + namespace + "/" + podName + " does not exist");
    }
    String account = pod.getSpec() == null ? null : pod.getSpec().getServiceAccountName();
    if (account == null || account.isEmpty()) {
      account = "default";
    }
    String user = "system:serviceaccount:" + namespace + ":" + account;
    String cacheKey = sha256(token) + " " + user;
    Instant now = clock.instant();
    Instant until = passed.get(cacheKey);
    if (until == null || !until.isAfter(now)) {
      review(token, user);
      if (passed.size() >= MAX_CACHED) {
        passed.values().removeIf(t -> !t.isAfter(now));
      }
      passed.put(cacheKey, now.plus(CACHE_FOR));
    }
    return new DataplaneTokenClaims(name, mesh, Map.of(), "", "");
  }

  private void review(String token, String user) {
    TokenReview review;
    try {
      review =
          client
              .tokenReviews()
              .create(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build());
    } catch (KubernetesClientException e) {
      throw new InvalidTokenException("the token review failed: " + e.getMessage());
    }
    if (review == null
        || review.getStatus() == null
        || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())) {
      String error =
          review == null || review.getStatus() == null ? null : review.getStatus().getError();
      throw new InvalidTokenException(
          "token doesn't belong to a valid user" + (error == null ? "" : ": " + error));
    }
    String actual =
        review.getStatus().getUser() == null ? "" : review.getStatus().getUser().getUsername();
    if (!user.equals(actual)) {
      throw new InvalidTokenException(
          "token is of user \"" + actual + "\" but the pod runs as \"" + user + "\"");
    }
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
