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

  private final Map<String, String> users = new ConcurrentHashMap<>();
  private final List<String> reviewedUsers = new CopyOnWriteArrayList<>();
  private final AtomicInteger issued = new AtomicInteger();

  /** A new token of {@code system:serviceaccount:<namespace>:<serviceAccount>}. */
  String issue(String namespace, String serviceAccount) {
    String token = "sa-token-" + issued.incrementAndGet();
    users.put(token, "system:serviceaccount:" + namespace + ":" + serviceAccount);
    return token;
  }

  /** The answer to a {@code POST tokenreviews} with {@code body}. */
  TokenReview review(String body) {
    TokenReview request = Serialization.unmarshal(body, TokenReview.class);
    String token = request.getSpec() == null ? null : request.getSpec().getToken();
    String user = token == null ? null : users.get(token);
    TokenReviewBuilder answer =
        new TokenReviewBuilder(request).withApiVersion("authentication.k8s.io/v1");
    if (user == null) {
      return answer
          .withNewStatus()
          .withAuthenticated(false)
          .withError("invalid bearer token")
          .endStatus()
          .build();
    }
    reviewedUsers.add(user);
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

  /** The users whose tokens passed a review, in order. */
  List<String> reviewedUsers() {
    return List.copyOf(reviewedUsers);
  }
}
