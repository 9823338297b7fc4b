package io.portico.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.it.support.ControlPlaneProcess;
import io.portico.it.support.Curl;
import io.portico.it.support.DataplaneProcess;
import io.portico.it.support.EchoProcess;
import io.portico.it.support.FreePorts;
import io.portico.it.support.MeshApi;
import io.portico.it.support.Nginx;
import io.portico.it.support.Redis;
import io.portico.it.support.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every YAML example of the seed (the Kong Mesh "Gateway" page), applied verbatim except for ports
 * that could clash on a shared machine, served by the real programs: {@code portico-cp}, {@code
 * portico-dp} as builtin gateway, delegated gateway and sidecars, {@code portico-testserver} as the
 * services, a real redis-server behind the TCP route, a real nginx in front of the delegated
 * gateway, and curl as the client.
 */
class SeedExamplesIT {
  @TempDir static Path temp;
  static ControlPlaneProcess cp;
  static MeshApi api;

  @BeforeAll
  static void startControlPlane() {
    cp = ControlPlaneProcess.start(temp.resolve("cp"), Map.of());
    api = new MeshApi(cp);
  }

  @AfterAll
  static void stopControlPlane() {
    if (cp != null) {
      cp.close();
    }
  }

  @Test
  void builtinGatewayRoutesFooExampleComToTheDemoAppAndAnswers404ForOtherHosts() throws Exception {
    int gatewayPort = FreePorts.next();
    api.apply(seed("meshgateway-universal.yaml").replace("port: 8080", "port: " + gatewayPort));
    api.apply(seed("meshgatewayroute-universal.yaml"));
    try (EchoProcess app = EchoProcess.http("demo-app-1", temp.resolve("app"));
        DataplaneProcess sidecar =
            sidecar("demo-app-1", "demo-app_kuma-demo_svc_5000", "http", app.port());
        DataplaneProcess gateway = seedGateway()) {
      Curl.Result ok =
          Curl.get("http://127.0.0.1:" + gatewayPort + "/hello", "-H", "Host: foo.example.com");
      assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
      assertThat(ok.body()).contains("\"instance\":\"demo-app-1\"").contains("\"path\":\"/hello\"");
      assertThat(ok.body()).contains("\"host\":\"foo.example.com\"");

      Curl.Result otherHost =
          Curl.get("http://127.0.0.1:" + gatewayPort + "/hello", "-H", "Host: bar.example.com");
      assertThat(otherHost.status()).isEqualTo(404);
      assertThat(otherHost.body()).isEmpty();
    }
  }

  @Test
  void tcpListenerAndRouteReachARealRedis() throws Exception {
    int gatewayPort = FreePorts.next();
    api.apply(seed("tcp-meshgateway-and-route.yaml").replace("port: 8080", "port: " + gatewayPort));
    try (Redis redis = Redis.start(temp.resolve("redis"));
        DataplaneProcess sidecar =
            sidecar("redis-1", "redis_kuma-demo_svc_6379", "tcp", redis.port());
        DataplaneProcess gateway = seedGateway()) {
      assertThat(Redis.ping("127.0.0.1", gatewayPort)).isEqualTo("+PONG");
      assertThat(
              Redis.command(
                  "127.0.0.1", gatewayPort, "*3\r\n$3\r\nSET\r\n$4\r\nseed\r\n$7\r\ngateway\r\n"))
          .isEqualTo("+OK");
      assertThat(Redis.command("127.0.0.1", redis.port(), "*2\r\n$3\r\nGET\r\n$4\r\nseed\r\n"))
          .isEqualTo("$7");
    }
  }

  @Test
  void delegatedGatewayOutboundReachesTheBackendDirectlyAndThroughNginx() throws Exception {
    int outboundPort = FreePorts.next();
    String kong = seed("dataplane-kong-01-delegated.yaml").replace("33033", "" + outboundPort);
    try (EchoProcess backend = EchoProcess.http("backend-1", temp.resolve("backend"));
        DataplaneProcess backendSidecar = sidecar("backend-1", "backend", "http", backend.port());
        DataplaneProcess delegated =
            DataplaneProcess.start(
                cp,
                "kong-01",
                kong,
                api.dataplaneToken("default", "kong-01"),
                9901,
                temp.resolve("kong"))) {
      String url = "http://localhost:" + outboundPort;
      Curl.Result direct = Curl.get(url + "/direct");
      assertThat(direct.status()).as(direct.toString()).isEqualTo(200);
      assertThat(direct.body()).contains("\"instance\":\"backend-1\"");

      try (Nginx nginx = Nginx.reverseProxy(temp.resolve("nginx"), url)) {
        Curl.Result viaNginx = Curl.get(nginx.url() + "/through-nginx");
        assertThat(viaNginx.status()).as(viaNginx.toString()).isEqualTo(200);
        assertThat(viaNginx.body())
            .contains("\"instance\":\"backend-1\"")
            .contains("\"path\":\"/through-nginx\"");
        assertThat(viaNginx.headers()).containsIgnoringCase("Server: nginx");
      }
    }
  }

  /** The seed's builtin gateway Dataplane, verbatim, run as the seed runs it. */
  private static DataplaneProcess seedGateway() throws IOException {
    return DataplaneProcess.start(
        cp,
        "gateway-instance-1",
        seed("dataplane-gateway-instance-1-builtin.yaml"),
        api.dataplaneToken("default", "gateway-instance-1"),
        9901,
        temp.resolve("gateway"));
  }

  /** A service's sidecar: one inbound on a free port forwarding to the service's port. */
  static DataplaneProcess sidecar(String name, String service, String protocol, int servicePort) {
    return DataplaneProcess.sidecar(cp, api, temp, name, service, protocol, servicePort);
  }

  static String seed(String file) throws IOException {
    return Files.readString(Repository.seedFixtures().resolve(file));
  }
}
