package io.portico.it.k8s;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API server's service-account tokens: the kubelet asks for one per pod (what the projected
 * {@code kube-api-access-*} volume holds) and the control plane checks them with a {@code
 * TokenReview} (spec/kubernetes.md §5.10), which fabric8's CRUD mock cannot answer by itself.
 *
 * <p>Tokens are opaque strings that name nothing; a review of an unknown token answers {@code
 * authenticated: false}, as the real API server does.
 */
final class ServiceAccountTokens {
  static final String REVIEW_PATH = "/apis/authentication.k8s.io/v1/tokenreviews";

  private final Map<String, Issued> issuedTokens = new ConcurrentHashMap<>();
  private final List<Issued> reviewed = new CopyOnWriteArrayList<>();
  private final AtomicInteger issued = new AtomicInteger();

  /**
   * Whom a token was issued to.
   *
   * @param user {@code system:serviceaccount:<namespace>:<account>}
   * @param pod the pod whose volume holds it, {@code <namespace>/<name>}
   */
  record Issued(String user, String pod) {}

  /** A new token of the pod's service account, for the pod's projected volume. */
  String issue(String namespace, String serviceAccount, String podName) {
    String token = "sa-token-" + issued.incrementAndGet();
    issuedTokens.put(
        token,
        new Issued(
            "system:serviceaccount:" + namespace + ":" + serviceAccount,
            namespace + "/" + podName));
    return token;
  }

  /** The answer to a {@code POST tokenreviews} with {@code body}. */
  TokenReview review(String body) {
    TokenReview request = Serialization.unmarshal(body, TokenReview.class);
    String token = request.getSpec() == null ? null : request.getSpec().getToken();
    Issued owner = token == null ? null : issuedTokens.get(token);
    TokenReviewBuilder answer =
        new TokenReviewBuilder(request).withApiVersion("authentication.k8s.io/v1");
    if (owner == null) {
      return answer
          .withNewStatus()
          .withAuthenticated(false)
          .withError("invalid bearer token")
          .endStatus()
          .build();
    }
    reviewed.add(owner);
    String user = owner.user();
    return answer
        .withNewStatus()
        .withAuthenticated(true)
        .withAudiences("https://kubernetes.default.svc.cluster.local")
        .withNewUser()
        .withUsername(user)
        .withGroups(
            "system:serviceaccounts",
            "system:serviceaccounts:" + user.split(":")[2],
            "system:authenticated")
        .endUser()
        .endStatus()
        .build();
  }

  /** The tokens that passed a review, in order, by whom they were issued to. */
  List<Issued> reviewed() {
    return List.copyOf(reviewed);
  }
}
