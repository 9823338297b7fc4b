package io.portico.it.k8s;

import static io.portico.it.k8s.KubernetesCluster.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.portico.it.support.Curl;
import io.portico.it.support.FreePorts;
import io.portico.it.support.Nginx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's delegated gateway on Kubernetes, end to end: in the injected namespace {@code
 * default}, the echo service (Deployment and Service {@code echo}, port 80) and an ingress
 * controller's Deployment whose pods carry the seed's annotation {@code kuma.io/gateway: enabled}
 * are created through the API server and its admission webhooks; the injector adds the sidecar to
 * both pods; the control plane makes the ingress pod a DELEGATED Dataplane; the sidecars run as
 * real {@code portico-dp} processes from the pod specs; a real nginx in the ingress pod's place
 * proxies to its explicit outbound and reaches the echo service.
 */
class KubernetesDelegatedGatewayIT {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path temp;

  static KubernetesCluster cluster;
  static int outboundPort;
  static RunningPod echo;
  static RunningPod kong;
  static Nginx nginx;

  @BeforeAll
  static void deploy() {
    cluster = KubernetesCluster.start(temp);
    cluster.apply(
        manifest(
            "echo.yaml", Map.of("APP_PORT", FreePorts.next(), "ADMIN_PORT", FreePorts.next())));
    echo = cluster.runReplica(cluster.awaitDeployment("default", "echo"), "127.0.0.2");
    cluster.awaitDataplane(echo.dataplaneName());

    outboundPort = FreePorts.next();
    cluster.apply(
        manifest(
            "delegated-gateway.yaml",
            Map.of("OUTBOUND_PORT", outboundPort, "ADMIN_PORT", FreePorts.next())));
    // the kubelet runs the injected sidecar; nginx stands in for the ingress controller's container
    kong =
        cluster.runReplica(cluster.awaitDeployment("default", "kong"), "127.0.0.3", "kuma-sidecar");
    cluster.awaitDataplane(kong.dataplaneName());
    nginx = Nginx.reverseProxy(temp.resolve("nginx"), "http://127.0.0.1:" + outboundPort);
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void curlThroughNginxReachesTheEchoServiceThroughTheGatewaysSidecar() {
    await("curl through nginx")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              Curl.Result r = Curl.get(nginx.url() + "/through-nginx");
              assertThat(r.status()).as(r + "\n" + kong.output()).isEqualTo(200);
              assertThat(r.body())
                  .contains("\"instance\":\"" + echo.name() + "\"")
                  .contains("\"path\":\"/through-nginx\"");
              assertThat(r.headers()).containsIgnoringCase("Server: nginx");
            });
  }

  @Test
  void theAnnotatedPodIsADelegatedDataplaneWithTheExplicitOutbound() {
    JsonNode dataplane = cluster.awaitDataplane(kong.dataplaneName());

    assertThat(dataplane.at("/networking/address").asText()).isEqualTo("127.0.0.3");
    JsonNode gateway = dataplane.at("/networking/gateway");
    assertThat(gateway.isObject()).as(dataplane.toString()).isTrue();
    assertThat(gateway.path("type").asText("DELEGATED")).isEqualTo("DELEGATED");
    assertThat(gateway.at("/tags/kuma.io~1service").asText()).isEqualTo("kong_default_svc");
    assertThat(
            dataplane.at("/networking/inbound").isMissingNode()
                || dataplane.at("/networking/inbound").isEmpty())
        .as("no inbound")
        .isTrue();
    List<String> outbounds = new ArrayList<>();
    dataplane
        .at("/networking/outbound")
        .forEach(
            o ->
                outbounds.add(
                    o.path("address").asText()
                        + ":"
                        + o.path("port").asInt()
                        + " "
                        + o.at("/tags/kuma.io~1service").asText()));
    Service service = cluster.awaitService("default", "echo");
    assertThat(outbounds)
        .contains(
            "127.0.0.1:" + outboundPort + " echo_default_svc_80",
            service.getSpec().getClusterIP() + ":80 echo_default_svc_80");
  }

  @Test
  void theGatewayPodIsInjectedWithoutVirtualProbes() {
    assertThat(kong.pod().getSpec().getContainers())
        .extracting(Container::getName)
        .containsExactly("proxy", "kuma-sidecar");
    assertThat(kong.pod().getMetadata().getAnnotations())
        .containsEntry("kuma.io/gateway", "enabled")
        .containsEntry("kuma.io/sidecar-injected", "true")
        .containsEntry("kuma.io/virtual-probes", "disabled");
  }

  @Test
  void servicesOfTheInjectedNamespaceAreMarkedForServiceUpstream() {
    await("Service echo annotated")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                assertThat(cluster.awaitService("default", "echo").getMetadata().getAnnotations())
                    .containsEntry("ingress.kubernetes.io/service-upstream", "true")
                    .containsEntry("nginx.ingress.kubernetes.io/service-upstream", "true"));
  }

  @Test
  void theGatewaysSidecarAuthenticatedWithItsPodsServiceAccountToken() {
    await("token reviews")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(cluster.tokens().reviewed())
                    .contains(
                        new ServiceAccountTokens.Issued(
                            "system:serviceaccount:default:default", "default/" + kong.name())));
  }
}
