package io.portico.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.it.support.ControlPlaneProcess;
import io.portico.it.support.DataplaneProcess;
import io.portico.it.support.EchoProcess;
import io.portico.it.support.FreePorts;
import io.portico.it.support.GatewayClient;
import io.portico.it.support.MeshApi;
import io.portico.it.support.Porticoctl;
import io.portico.it.support.RunningProgram;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to the data plane: a config the proxy cannot apply is Nacked with the reason, the old
 * config keeps serving and the control plane shows the Nack; a proxy with a missing or invalid
 * dataplane file or token exits non-zero with a message naming the problem.
 */
class BadInputIT {
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

  static String gatewayDataplane(String name, int admin) {
    return """
        type: Dataplane
        mesh: default
        name: %s
        networking:
          address: 127.0.0.1
          admin: {port: %d}
          gateway:
            type: BUILTIN
            tags: {kuma.io/service: nack-gateway}
        """
        .formatted(name, admin);
  }

  static String meshGateway(int... ports) {
    StringBuilder listeners = new StringBuilder();
    for (int p : ports) {
      listeners.append("    - port: ").append(p).append("\n      protocol: HTTP\n");
    }
    return """
        type: MeshGateway
        mesh: default
        name: nack-gw
        selectors:
          - match: {kuma.io/service: nack-gateway}
        conf:
          listeners:
        """
        + listeners;
  }

  @Test
  void aPortInUseIsNackedTheOldConfigKeepsServingAndTheControlPlaneShowsIt() throws Exception {
    int port = FreePorts.next();
    api.apply(meshGateway(port));
    api.apply(
        """
        type: MeshGatewayRoute
        mesh: default
        name: nack-route
        selectors:
          - match: {kuma.io/service: nack-gateway}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: nack-svc}}]
        """);
    int admin = FreePorts.next();
    try (EchoProcess echo = EchoProcess.http("nack", temp.resolve("echo"));
        DataplaneProcess sidecar =
            GatewayRoutingIT.sidecarOf(cp, api, temp, "nack-svc", echo.port());
        DataplaneProcess gateway =
            DataplaneProcess.start(
                cp,
                "nack-gw-1",
                gatewayDataplane("nack-gw-1", admin),
                api.dataplaneToken("default", "nack-gw-1"),
                admin,
                temp.resolve("gw"));
        ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      GatewayClient client = new GatewayClient();
      await().until(() -> client.get(port, "h", "/").status() == 200);

      api.apply(meshGateway(port, taken.getLocalPort()));

      await("the NACK in the dataplane's insight")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  lastSubscription("nack-gw-1")
                      .path("lastNackError")
                      .asText()
                      .contains(String.valueOf(taken.getLocalPort())));
      assertThat(client.get(port, "h", "/still-serving").instance()).isEqualTo("nack");

      Porticoctl ctl = new Porticoctl(temp.resolve("porticoctl.yaml"));
      ctl.run("config", "control-planes", "add", "--name", "it", "--address", cp.apiUrl())
          .assertSuccess();
      String table = ctl.run("inspect", "dataplanes").assertSuccess().stdout();
      assertThat(table.lines().filter(l -> l.contains("nack-gw-1")).findFirst().orElseThrow())
          .contains("last config rejected")
          .contains(String.valueOf(taken.getLocalPort()));

      // The proxy would apply it again once the port is free; here a config without it replaces it.
      api.apply(meshGateway(port));
      await().until(() -> lastSubscription("nack-gw-1").path("lastNackError").asText().isEmpty());
    }
  }

  @Test
  void anInvalidTokenIsRefusedWithAMessageAndTheProxyExitsNonZero() {
    DataplaneProcess proxy =
        DataplaneProcess.launch(
            cp,
            "bad-token",
            gatewayDataplane("bad-token", FreePorts.next()),
            "not-a-jwt",
            0,
            temp.resolve("bad-token"),
            List.of());
    RunningProgram program = proxy.program();
    assertThat(program.waitFor()).isEqualTo(1);
    assertThat(program.output()).contains("UNAUTHENTICATED").containsIgnoringCase("token");
  }

  @Test
  void aTokenForAnotherDataplaneIsRefused() {
    DataplaneProcess proxy =
        DataplaneProcess.launch(
            cp,
            "impostor",
            gatewayDataplane("impostor", FreePorts.next()),
            api.dataplaneToken("default", "someone-else"),
            0,
            temp.resolve("impostor"),
            List.of());
    assertThat(proxy.program().waitFor()).isEqualTo(1);
    assertThat(proxy.program().output())
        .contains("PERMISSION_DENIED")
        .contains("someone-else")
        .contains("impostor");
  }

  @Test
  void aMissingDataplaneFileIsNamed() {
    RunningProgram proxy =
        RunningProgram.start(
            "portico-dp",
            List.of(
                "run",
                "--cp-address=https://localhost:" + cp.dpServerPort() + "/",
                "--dataplane-token=x",
                "--dataplane-file=" + temp.resolve("nope.yaml")),
            Map.of(),
            temp.resolve("missing"));
    assertThat(proxy.waitFor()).isEqualTo(2);
    assertThat(proxy.output()).contains("nope.yaml").contains("does not exist");
  }

  @Test
  void anInvalidDataplaneIsRefusedWithEveryViolation() {
    DataplaneProcess proxy =
        DataplaneProcess.launch(
            cp,
            "broken",
            """
            type: Dataplane
            mesh: default
            name: broken
            networking:
              address: 0.0.0.0
              inbound:
                - port: 0
                  tags: {}
            """,
            api.dataplaneToken("default", "broken"),
            0,
            temp.resolve("broken"),
            List.of());
    assertThat(proxy.program().waitFor()).isEqualTo(1);
    assertThat(proxy.program().output())
        .contains("INVALID_ARGUMENT")
        .contains("networking.address")
        .contains("networking.inbound[0].port");
  }

  private static JsonNode lastSubscription(String dataplane) {
    JsonNode subs =
        api.get("/meshes/default/dataplanes+insights/" + dataplane)
            .path("dataplaneInsight")
            .path("subscriptions");
    return subs.get(subs.size() - 1);
  }
}
