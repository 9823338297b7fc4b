package io.portico.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portico.it.support.ControlPlaneProcess;
import io.portico.it.support.Curl;
import io.portico.it.support.DataplaneProcess;
import io.portico.it.support.EchoProcess;
import io.portico.it.support.FreePorts;
import io.portico.it.support.MeshApi;
import io.portico.it.support.Repository;
import io.portico.it.support.Shutdown;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cross-mesh gateway between two mTLS meshes (spec/gateway.md §5, the seed's "Cross-mesh"
 * examples): a sidecar of mesh {@code other} reaches a service of mesh {@code default} through the
 * crossMesh listener with its explicit outbound; clients without a mesh certificate are refused.
 */
class CrossMeshIT {
  @TempDir static Path temp;
  static ControlPlaneProcess cp;
  static MeshApi api;
  static final List<AutoCloseable> running = new ArrayList<>();
  static int crossMeshPort;
  static int outboundPort;

  @BeforeAll
  static void startMeshes() throws Exception {
    cp = ControlPlaneProcess.start(temp.resolve("cp"), Map.of());
    api = new MeshApi(cp);
    for (String mesh : List.of("default", "other")) {
      api.apply(
          """
          type: Mesh
          name: %s
          mtls:
            enabledBackend: ca-1
            backends:
              - name: ca-1
                type: builtin
          """
              .formatted(mesh));
    }
    crossMeshPort = FreePorts.next();
    outboundPort = FreePorts.next();
    Path seed = Repository.seedFixtures();
    api.apply(
        Files.readString(seed.resolve("fragment-meshgateway-crossmesh.yaml"))
            .replace("port: 8080", "port: " + crossMeshPort));
    api.apply(
        """
        type: MeshGatewayRoute
        mesh: default
        name: cross-mesh-route
        selectors:
          - match: {kuma.io/service: cross-mesh-gateway}
        conf:
          http:
            rules:
              - matches: [{path: {match: PREFIX, value: /}}]
                backends: [{destination: {kuma.io/service: web}}]
        """);
    EchoProcess web = EchoProcess.http("web-in-default", temp.resolve("web"));
    running.add(web);
    running.add(DataplaneProcess.sidecar(cp, api, temp, "web-1", "web", "http", web.port()));
    running.add(DataplaneProcess.builtinGateway(cp, api, temp, "cross-gw-1", "cross-mesh-gateway"));
    int clientAdmin = FreePorts.next();
    String client =
        Files.readString(seed.resolve("fragment-dataplane-crossmesh-outbound.yaml"))
            .replace(
                "address: 10.0.0.2", "address: 127.0.0.1\n  admin: {port: " + clientAdmin + "}")
            .replace("- port: 9000", "- port: " + FreePorts.next())
            .replace("servicePort: 9001", "servicePort: " + FreePorts.next())
            .replace("- port: 8080", "- port: " + outboundPort);
    running.add(
        DataplaneProcess.start(
            cp,
            "client-1",
            client,
            tokenFor("other", "client-1"),
            clientAdmin,
            temp.resolve("client")));
  }

  static String tokenFor(String mesh, String name) {
    return api.dataplaneToken(mesh, name);
  }

  @AfterAll
  static void stop() throws Exception {
    Shutdown.all(running, cp);
  }

  @Test
  void aSidecarOfAnotherMeshReachesTheServiceThroughTheCrossMeshGateway() {
    await("cross-mesh path serving")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Curl.get("http://127.0.0.1:" + outboundPort + "/", "-H", "Host: default.mesh")
                        .status()
                    == 200);
    Curl.Result r =
        Curl.get("http://127.0.0.1:" + outboundPort + "/from-other", "-H", "Host: default.mesh");
    assertThat(r.body()).contains("\"instance\":\"web-in-default\"").contains("/from-other");
  }

  @Test
  void clientsWithoutAMeshCertificateAreRefused() {
    Curl.Result plain =
        Curl.get("http://127.0.0.1:" + crossMeshPort + "/", "-H", "Host: default.mesh");
    assertThat(plain.status()).as(plain.toString()).isZero();
    Curl.Result tlsWithoutCert =
        Curl.get("https://127.0.0.1:" + crossMeshPort + "/", "-k", "-H", "Host: default.mesh");
    assertThat(tlsWithoutCert.status()).as(tlsWithoutCert.toString()).isZero();
  }
}
