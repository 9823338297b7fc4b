package io.portico.cp.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.portico.cp.TestClock;
import io.portico.cp.auth.InvalidTokenException;
import io.portico.cp.dptoken.DataplaneTokenClaims;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code dpServer.auth.type: serviceAccountToken} against the mock API server answering the pod
 * read and the TokenReview as a real one would (spec/kubernetes.md §5.10).
 */
@EnableKubernetesMockClient
class ServiceAccountTokenAuthenticatorTest {
  static final String REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
  KubernetesClient client;
  KubernetesMockServer server;
  TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
  ServiceAccountTokenAuthenticator authenticator;

  @BeforeEach
  void setUp() {
    authenticator = new ServiceAccountTokenAuthenticator(client, clock);
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/shop/pods/web-1")
        .andReturn(
            200,
            new PodBuilder()
                .withNewMetadata()
                .withName("web-1")
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName("web")
                .endSpec()
                .build())
        .always();
  }

  private static TokenReview answer(boolean authenticated, String user) {
    return new TokenReviewBuilder()
        .withNewStatus()
        .withAuthenticated(authenticated)
        .withNewUser()
        .withUsername(user)
        .endUser()
        .endStatus()
        .build();
  }

  @Test
  void aTokenOfThePodsServiceAccountMayBeItsDataplaneOnly() throws InterruptedException {
    server
        .expect()
        .post()
        .withPath(REVIEWS)
        .andReturn(201, answer(true, "system:serviceaccount:shop:web"))
        .once();

    DataplaneTokenClaims claims = authenticator.authenticate("t0ken", "default", "web-1.shop");

    assertThat(claims.name()).isEqualTo("web-1.shop");
    assertThat(claims.mesh()).isEqualTo("default");
    assertThat(server.getLastRequest().getBody().readUtf8()).contains("\"token\":\"t0ken\"");
  }

  @Test
  void aPassedTokenIsRememberedForAnHour() {
    server
        .expect()
        .post()
        .withPath(REVIEWS)
        .andReturn(201, answer(true, "system:serviceaccount:shop:web"))
        .once();
    authenticator.authenticate("t0ken", "default", "web-1.shop");
    int requests = server.getRequestCount();

    authenticator.authenticate("t0ken", "default", "web-1.shop");
    assertThat(server.getRequestCount()).isEqualTo(requests + 1); // the pod read only

    clock.advance(Duration.ofMinutes(61));
    // The review is asked again: the mock has no second answer, so the token is refused.
    assertThatThrownBy(() -> authenticator.authenticate("t0ken", "default", "web-1.shop"))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageStartingWith("the token review failed");
  }

  @Test
  void anUnauthenticatedTokenIsRefused() {
    server.expect().post().withPath(REVIEWS).andReturn(201, answer(false, "")).once();

    assertThatThrownBy(() -> authenticator.authenticate("forged", "default", "web-1.shop"))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessage("token doesn't belong to a valid user");
  }

  @Test
  void aTokenOfAnotherServiceAccountIsRefused() {
    server
        .expect()
        .post()
        .withPath(REVIEWS)
        .andReturn(201, answer(true, "system:serviceaccount:shop:default"))
        .once();

    assertThatThrownBy(() -> authenticator.authenticate("t0ken", "default", "web-1.shop"))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessage(
            "token is of user \"system:serviceaccount:shop:default\" but the pod runs as"
                + " \"system:serviceaccount:shop:web\"");
  }

  @Test
  void aDataplaneWithoutPodOrTokenIsRefused() {
    assertThatThrownBy(() -> authenticator.authenticate("", "default", "web-1.shop"))
        .hasMessageStartingWith("service account token is missing");
    assertThatThrownBy(() -> authenticator.authenticate("t0ken", "default", "web-1"))
        .hasMessage("dataplane name \"web-1\" is not <pod>.<namespace>: cannot find its pod");
    assertThatThrownBy(() -> authenticator.authenticate("t0ken", "default", "gone.shop"))
        .hasMessageStartingWith("pod shop/gone ");
  }
}
