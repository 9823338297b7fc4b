package io.portico.it.k8s;

import static io.portico.it.k8s.KubernetesCluster.manifest;
import static io.portico.it.k8s.KubernetesCluster.seed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.portico.it.support.Curl;
import io.portico.it.support.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's builtin gateway on Kubernetes, end to end: the user creates, through the API server
 * and its admission webhooks, the seed's MeshGateway (its port made free), MeshGatewayRoute and
 * MeshGatewayInstance {@code edge-gateway} verbatim, and the route's backend {@code
 * demo-app_kuma-demo_svc_5000} as a Deployment and Service; the control plane creates the gateway's
 * Deployment and Service; the pods of both Deployments run as real processes ({@code portico-dp}
 * from the pod spec's arguments and environment, the injected sidecar included); curl through the
 * gateway's listener reaches the demo app.
 */
class KubernetesGatewayIT {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path temp;

  static KubernetesCluster cluster;
  static int gatewayPort;
  static int appPort;
  static RunningPod demoApp;
  static RunningPod gateway;
  static Deployment gatewayDeployment;

  /**
   * The gateway pod's proxy serves its admin API on 127.0.0.1:9901 (a builtin gateway Dataplane has
   * no {@code networking.admin.port}, as in Kuma) and {@code /ready} alone on the pod IP, where the
   * kubelet probes it. On one host the loopback port must be free.
   */
  private static final int GATEWAY_ADMIN_PORT = 9901;

  /** The gateway pod's IP: a loopback address of its own, as the demo app's. */
  private static final String GATEWAY_IP = "127.0.0.3";

  @BeforeAll
  static void deploy() {
    await("port " + GATEWAY_ADMIN_PORT + " free for the gateway pod's admin API")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> isFree(GATEWAY_ADMIN_PORT));
    cluster = KubernetesCluster.start(temp);
    appPort = FreePorts.next();
    cluster.apply(
        manifest("demo-app.yaml", Map.of("APP_PORT", appPort, "ADMIN_PORT", FreePorts.next())));
    // its own loopback address: the sidecar's inbound is <pod IP>:<port>, the app's
    // 127.0.0.1:<port>
    demoApp = cluster.runReplica(cluster.awaitDeployment("kuma-demo", "demo-app"), "127.0.0.2");
    cluster.awaitDataplane(demoApp.dataplaneName());

    gatewayPort = FreePorts.next();
    cluster.apply(
        seed("meshgateway-kubernetes.yaml").replace("port: 8080", "port: " + gatewayPort));
    cluster.apply(seed("meshgatewayroute-kubernetes.yaml"));
    cluster.apply(seed("meshgatewayinstance-kubernetes.yaml"));
    gatewayDeployment = cluster.awaitDeployment("default", "edge-gateway");
    gateway = cluster.runReplica(gatewayDeployment, GATEWAY_IP);
    cluster.awaitDataplane(gateway.dataplaneName());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void curlThroughTheGatewayReachesTheDemoApp() {
    await("curl through the gateway")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              Curl.Result r =
                  Curl.get(
                      "http://" + GATEWAY_IP + ":" + gatewayPort + "/hello",
                      "-H",
                      "Host: foo.example.com");
              assertThat(r.status()).as(r + "\n" + gateway.output()).isEqualTo(200);
              assertThat(r.body())
                  .contains("\"instance\":\"" + demoApp.name() + "\"")
                  .contains("\"path\":\"/hello\"")
                  .contains("\"host\":\"foo.example.com\"");
            });
  }

  @Test
  void otherHostsAreNotRouted() {
    await("the gateway's listener")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () ->
                assertThat(
                        Curl.get(
                                "http://" + GATEWAY_IP + ":" + gatewayPort + "/hello",
                                "-H",
                                "Host: bar.example.com")
                            .status())
                    .isEqualTo(404));
  }

  @Test
  void theInstanceGetsALoadBalancerServiceForTheListenerPort() {
    Service service = cluster.awaitService("default", "edge-gateway");

    assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(service.getSpec().getSelector()).isEqualTo(Map.of("app", "edge-gateway"));
    assertThat(service.getSpec().getPorts())
        .extracting(ServicePort::getPort)
        .containsExactly(gatewayPort);
    assertThat(service.getMetadata().getAnnotations()).containsEntry("kuma.io/gateway", "builtin");
    assertThat(service.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getKind()).isEqualTo("MeshGatewayInstance");
              assertThat(owner.getName()).isEqualTo("edge-gateway");
              assertThat(owner.getController()).isTrue();
            });
  }

  @Test
  void theGatewayContainerRunsPorticoDpWithTheInstallersImageAndCa() {
    var template = gatewayDeployment.getSpec().getTemplate();
    assertThat(template.getMetadata().getAnnotations())
        .containsEntry("kuma.io/gateway", "builtin")
        .containsEntry("kuma.io/tags", "{\"kuma.io/service\":\"edge-gateway\"}")
        .containsEntry("kuma.io/mesh", "default");
    Container container = template.getSpec().getContainers().get(0);
    assertThat(container.getName()).isEqualTo("kuma-gateway");
    assertThat(container.getImage()).startsWith("portico/portico-dp:");
    assertThat(container.getArgs()).containsExactly("run", "--log-level=info", "--concurrency=2");
    assertThat(env(container, "PORTICO_CONTROL_PLANE_URL"))
        .isEqualTo(
            "https://kuma-control-plane.kuma-system:" + cluster.controlPlane().dpServerPort());
    assertThat(env(container, "PORTICO_CONTROL_PLANE_CA_CERT"))
        .as("the CA of injector.caCertFile (the installer's ca.crt)")
        .isEqualTo(installerCa());
  }

  @Test
  void theGatewayPodIsABuiltinDataplaneWithTheInstancesTags() {
    JsonNode dataplane = cluster.awaitDataplane(gateway.dataplaneName());

    assertThat(dataplane.at("/networking/address").asText()).isEqualTo(GATEWAY_IP);
    assertThat(dataplane.at("/networking/gateway/type").asText()).isEqualTo("BUILTIN");
    assertThat(dataplane.at("/networking/gateway/tags").toString())
        .isEqualTo("{\"kuma.io/service\":\"edge-gateway\"}");
  }

  @Test
  void theDemoAppPodIsInjectedAndItsDataplaneCarriesTheServiceTag() {
    assertThat(demoApp.pod().getSpec().getContainers())
        .extracting(Container::getName)
        .containsExactly("demo-app", "kuma-sidecar");
    assertThat(demoApp.pod().getMetadata().getAnnotations())
        .containsEntry("kuma.io/sidecar-injected", "true")
        .containsEntry("kuma.io/mesh", "default");

    JsonNode dataplane = cluster.awaitDataplane(demoApp.dataplaneName());

    assertThat(dataplane.at("/networking/address").asText()).isEqualTo("127.0.0.2");
    JsonNode inbound = dataplane.at("/networking/inbound/0");
    assertThat(inbound.at("/port").asInt()).isEqualTo(appPort);
    assertThat(inbound.at("/tags/kuma.io~1service").asText())
        .isEqualTo("demo-app_kuma-demo_svc_5000");
    assertThat(inbound.at("/tags/kuma.io~1protocol").asText()).isEqualTo("http");
  }

  @Test
  void bothProxiesAuthenticatedWithTheirPodsServiceAccountTokens() {
    await("token reviews")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(cluster.tokens().reviewed())
                    .contains(
                        new ServiceAccountTokens.Issued(
                            "system:serviceaccount:default:default", "default/" + gateway.name()),
                        new ServiceAccountTokens.Issued(
                            "system:serviceaccount:kuma-demo:default",
                            "kuma-demo/" + demoApp.name())));
  }

  @Test
  void theInstanceIsReadyOnceTheLoadBalancerHasAnAddress() {
    // As the cloud's load-balancer controller: the Service gets an external address.
    cluster
        .client()
        .services()
        .inNamespace("default")
        .withName("edge-gateway")
        .editStatus(
            s -> {
              s.setStatus(
                  new ServiceStatusBuilder()
                      .withNewLoadBalancer()
                      .withIngress(new LoadBalancerIngressBuilder().withIp("127.0.0.1").build())
                      .endLoadBalancer()
                      .build());
              return s;
            });

    await("MeshGatewayInstance edge-gateway Ready")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              GenericKubernetesResource instance =
                  cluster
                      .client()
                      .genericKubernetesResources(
                          cluster
                              .apiServer()
                              .customResources("kuma.io/v1alpha1", "MeshGatewayInstance"))
                      .inNamespace("default")
                      .withName("edge-gateway")
                      .get();
              @SuppressWarnings("unchecked")
              Map<String, Object> status =
                  (Map<String, Object>) instance.getAdditionalProperties().get("status");
              assertThat(status).isNotNull();
              assertThat(status.toString()).contains("type=Ready").contains("status=True");
            });
  }

  /**
   * The kubelet's probes reached the pod IP (the pod is running); there the proxy answers {@code
   * /ready} and keeps the rest of its admin API to loopback (spec/core.md §2.5).
   */
  @Test
  void thePodIpAnswersReadyAndNothingElseOfTheAdminApi() {
    String podIp = "http://" + GATEWAY_IP + ":" + GATEWAY_ADMIN_PORT;
    Curl.Result ready = Curl.get(podIp + "/ready");
    assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
    assertThat(Curl.get(podIp + "/config_dump").status()).isEqualTo(404);
    assertThat(Curl.get("http://127.0.0.1:" + GATEWAY_ADMIN_PORT + "/config_dump").status())
        .isEqualTo(200);
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String env(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }

  private static String installerCa() {
    String data =
        cluster
            .client()
            .secrets()
            .inNamespace("kuma-system")
            .withName("kuma-tls-cert")
            .get()
            .getData()
            .get("ca.crt");
    return new String(Base64.getDecoder().decode(data), StandardCharsets.US_ASCII);
  }
}
