package io.portico.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.it.support.ControlPlaneProcess;
import io.portico.it.support.Curl;
import io.portico.it.support.DataplaneProcess;
import io.portico.it.support.EchoProcess;
import io.portico.it.support.FreePorts;
import io.portico.it.support.GatewayClient;
import io.portico.it.support.MeshApi;
import io.portico.it.support.OpenSsl;
import io.portico.it.support.Shutdown;
import io.portico.it.support.SteadyLoad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mesh with mTLS on (builtin CA): the gateway reaches the service over mutual TLS, the service's
 * inbound refuses plaintext and foreign-CA clients, TrafficPermission allows and denies live,
 * certificates rotate under load without a failed request, and dataplane tokens are still checked.
 * Real processes; curl and openssl as clients.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeshMtlsIT {
  @TempDir static Path temp;
  static ControlPlaneProcess cp;
  static MeshApi api;
  static final List<AutoCloseable> running = new ArrayList<>();
  static int gatewayPort;
  static int inboundPort;
  static final GatewayClient client = new GatewayClient();

  @BeforeAll
  static void startMesh() {
    cp = ControlPlaneProcess.start(temp.resolve("cp"), Map.of());
    api = new MeshApi(cp);
    api.apply(
        """
        type: Mesh
        name: default
        mtls:
          enabledBackend: ca-1
          backends:
            - name: ca-1
              type: builtin
        """);
    gatewayPort = FreePorts.next();
    inboundPort = FreePorts.next();
    EchoProcess web = EchoProcess.http("web-1", temp.resolve("web"));
    running.add(web);
    int webAdmin = FreePorts.next();
    running.add(
        DataplaneProcess.start(
            cp,
            "web-1",
            DataplaneProcess.sidecarYaml("web-1", webAdmin, inboundPort, web.port(), "web", "http"),
            api.dataplaneToken("default", "web-1"),
            webAdmin,
            temp.resolve("web-1")));
    api.apply(
        """
        type: MeshGateway
        mesh: default
        name: edge
        selectors:
          - match: {kuma.io/service: edge-gateway}
        conf:
          listeners:
            - port: %d
              protocol: HTTP
        ---
        type: MeshGatewayRoute
        mesh: default
        name: to-web
        selectors:
          - match: {kuma.io/service: edge-gateway}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: web}}]
        """
            .formatted(gatewayPort));
    running.add(DataplaneProcess.builtinGateway(cp, api, temp, "edge-1", "edge-gateway"));
  }

  @AfterAll
  static void stopMesh() throws Exception {
    Shutdown.all(running, cp);
  }

  static void awaitStatus(int status) {
    await("gateway answering " + status)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> client.get(gatewayPort, "h", "/").status() == status);
  }

  @Test
  @Order(1)
  void theGatewayReachesTheServiceOverMutualTls() {
    awaitStatus(200);
    assertThat(client.get(gatewayPort, "h", "/x").instance()).isEqualTo("web-1");
  }

  @Test
  @Order(2)
  void theInboundRefusesPlaintextClients() {
    Curl.Result plain = Curl.get("http://127.0.0.1:" + inboundPort + "/");
    assertThat(plain.status()).as(plain.toString()).isZero();
    assertThat(plain.exitCode()).isNotZero();
  }

  @Test
  @Order(3)
  void theInboundRefusesAClientOfAForeignCaAndAcceptsOneOfTheMeshCa() throws Exception {
    Path pki = temp.resolve("pki");
    OpenSsl.selfSignedCa(pki, "foreign-ca");
    OpenSsl.leaf(
        pki,
        "foreign-client",
        pki.resolve("foreign-ca.crt"),
        pki.resolve("foreign-ca.key"),
        "URI:spiffe://default/edge-gateway");
    Curl.Result foreign =
        Curl.get(
            "https://127.0.0.1:" + inboundPort + "/",
            "-k",
            "--cert",
            pki.resolve("foreign-client.crt").toString(),
            "--key",
            pki.resolve("foreign-client.key").toString());
    assertThat(foreign.status()).as(foreign.toString()).isZero();

    // The mesh CA itself (admin-only secrets, read from localhost) signs a client that passes.
    Files.writeString(pki.resolve("mesh-ca.crt"), secret("default.ca-builtin-cert-ca-1"));
    Files.writeString(pki.resolve("mesh-ca.key"), secret("default.ca-builtin-key-ca-1"));
    OpenSsl.leaf(
        pki,
        "mesh-client",
        pki.resolve("mesh-ca.crt"),
        pki.resolve("mesh-ca.key"),
        "URI:spiffe://default/edge-gateway");
    Curl.Result member =
        Curl.get(
            "https://127.0.0.1:" + inboundPort + "/member",
            "-k",
            "--cert",
            pki.resolve("mesh-client.crt").toString(),
            "--key",
            pki.resolve("mesh-client.key").toString());
    assertThat(member.status()).as(member.toString()).isEqualTo(200);
    assertThat(member.body()).contains("\"instance\":\"web-1\"");
  }

  @Test
  @Order(4)
  void trafficPermissionAllowsAndDeniesLive() {
    awaitStatus(200);
    api.delete("/meshes/default/traffic-permissions/allow-all-default");
    awaitStatus(503);
    api.apply(
        """
        type: TrafficPermission
        mesh: default
        name: gateway-to-web
        sources:
          - match: {kuma.io/service: edge-gateway}
        destinations:
          - match: {kuma.io/service: web}
        """);
    awaitStatus(200);
    api.apply(
        """
        type: TrafficPermission
        mesh: default
        name: gateway-to-web
        sources:
          - match: {kuma.io/service: someone-else}
        destinations:
          - match: {kuma.io/service: web}
        """);
    awaitStatus(503);
    api.apply(
        """
        type: TrafficPermission
        mesh: default
        name: gateway-to-web
        sources:
          - match: {kuma.io/service: edge-gateway}
        destinations:
          - match: {kuma.io/service: web}
        """);
    awaitStatus(200);
  }

  @Test
  @Order(5)
  void certificatesRotateUnderSteadyLoadWithoutAFailedRequest() throws Exception {
    awaitStatus(200);
    int before = regenerations("edge-1");
    api.apply(
        """
        type: Mesh
        name: default
        mtls:
          enabledBackend: ca-1
          backends:
            - name: ca-1
              type: builtin
              dpCert:
                rotation:
                  expiration: 10s
        """);
    try (SteadyLoad load = SteadyLoad.start(2, gatewayPort, "h", "/rotating", 100_000)) {
      await("three rotations of the gateway's certificate")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> regenerations("edge-1") >= before + 3 && regenerations("web-1") >= 3);
      load.close();
      assertThat(load.failures()).isEmpty();
      assertThat(load.completed()).isGreaterThan(100);
    }
  }

  @Test
  @Order(6)
  void changingTheCaUnderSteadyLoadFailsNoRequest() throws Exception {
    awaitStatus(200);
    try (SteadyLoad load = SteadyLoad.start(2, gatewayPort, "h", "/ca-change", 100_000)) {
      // Kong Mesh's CA rotation: add the new backend, switch to it, then remove the old one.
      api.apply(caMesh("ca-1", "ca-1", "ca-2"));
      api.apply(caMesh("ca-2", "ca-1", "ca-2"));
      await("every proxy has a certificate of the new CA")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  issuedBackend("edge-1").equals("ca-2") && issuedBackend("web-1").equals("ca-2"));
      api.apply(caMesh("ca-2", "ca-2"));
      int before = load.completed();
      await().atMost(Duration.ofSeconds(60)).until(() -> load.completed() > before + 200);
      load.close();
      assertThat(load.failures()).isEmpty();
    }
    assertThat(client.get(gatewayPort, "h", "/after").instance()).isEqualTo("web-1");
  }

  private static String caMesh(String enabled, String... backends) {
    StringBuilder yaml =
        new StringBuilder("type: Mesh\nname: default\nmtls:\n  enabledBackend: " + enabled + "\n");
    yaml.append("  backends:\n");
    for (String b : backends) {
      yaml.append("    - name: ").append(b).append("\n      type: builtin\n");
    }
    return yaml.toString();
  }

  private static String issuedBackend(String dataplane) {
    return api.get("/meshes/default/dataplanes+insights/" + dataplane)
        .path("dataplaneInsight")
        .path("mTLS")
        .path("issuedBackend")
        .asText();
  }

  @Test
  @Order(7)
  void dataplaneTokensAreStillCheckedWithMtlsOn() {
    DataplaneProcess impostor =
        DataplaneProcess.launch(
            cp,
            "impostor",
            """
            type: Dataplane
            mesh: default
            name: impostor
            networking:
              address: 127.0.0.1
              gateway:
                type: BUILTIN
                tags: {kuma.io/service: edge-gateway}
            """,
            api.dataplaneToken("default", "edge-1"),
            0,
            temp.resolve("impostor"),
            List.of());
    assertThat(impostor.program().waitFor()).isEqualTo(1);
    assertThat(impostor.program().output()).contains("PERMISSION_DENIED");
  }

  private static int regenerations(String dataplane) {
    JsonNode mtls =
        api.get("/meshes/default/dataplanes+insights/" + dataplane)
            .path("dataplaneInsight")
            .path("mTLS");
    return mtls.path("certificateRegenerations").asInt(0);
  }

  private static String secret(String name) {
    return new String(
        Base64.getDecoder()
            .decode(api.get("/meshes/default/secrets/" + name).path("data").asText()));
  }
}
