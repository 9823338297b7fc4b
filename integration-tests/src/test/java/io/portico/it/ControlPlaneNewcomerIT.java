package io.portico.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.it.support.ControlPlaneProcess;
import io.portico.it.support.Porticoctl;
import io.portico.it.support.Repository;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.codec.ParsedDocument;
import io.portico.mesh.api.codec.ResourceCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a newcomer does (issue 2, "How it is checked"): start the control plane on the embedded
 * default, apply every resource of the seed with {@code porticoctl apply -f}, read them back with
 * {@code porticoctl get}, restart the control plane (cleanly, then with SIGKILL) and still find
 * them. Real processes, real SQLite file, loopback only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPlaneNewcomerIT {
  private static final ResourceCodec CODEC = ResourceCodec.standard();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path temp;
  static ControlPlaneProcess cp;
  static Porticoctl ctl;
  static List<Resource<?>> applied = new ArrayList<>();

  @BeforeAll
  static void startControlPlane() {
    cp = ControlPlaneProcess.start(temp.resolve("cp"), Map.of());
    ctl = new Porticoctl(temp.resolve("porticoctl.yaml"));
    pointPorticoctlAtControlPlane();
  }

  /** Ports are picked anew at each start, so the CLI's control plane is re-added after one. */
  private static void pointPorticoctlAtControlPlane() {
    ctl.run(
            "config",
            "control-planes",
            "add",
            "--name",
            "it",
            "--address",
            cp.apiUrl(),
            "--overwrite")
        .assertSuccess();
  }

  @AfterAll
  static void stopControlPlane() {
    if (cp != null) {
      cp.close();
    }
  }

  @Test
  @Order(1)
  void theEmbeddedDefaultIsSqliteInTheWorkDirectory() {
    assertThat(cp.workDir().resolve("portico.db")).exists();
    String meshes = ctl.run("get", "meshes").assertSuccess().stdout();
    assertThat(meshes).contains("default");
  }

  @Test
  @Order(2)
  void everySeedExampleAppliesVerbatim() throws IOException {
    // The cross-mesh examples need a second mesh and mTLS on the gateway's mesh (seed: "All meshes
    // involved in cross-mesh communication must have mTLS enabled").
    ctl.runWithInput(
            """
            type: Mesh
            name: default
            mtls:
              enabledBackend: ca-1
              backends:
                - name: ca-1
                  type: builtin
            ---
            type: Mesh
            name: other
            mtls:
              enabledBackend: ca-1
              backends:
                - name: ca-1
                  type: builtin
            """,
            "apply",
            "-f",
            "-")
        .assertSuccess();
    for (Path fixture : seedFixtures()) {
      ctl.run("apply", "-f", fixture.toString()).assertSuccess();
      for (ParsedDocument doc : CODEC.readDocuments(Files.readString(fixture))) {
        assertThat(doc.isParsed()).as(fixture + " " + doc.describe()).isTrue();
        applied.removeIf(r -> r.key().equals(doc.resource().key()));
        applied.add(doc.resource());
      }
    }
    assertThat(applied)
        .extracting(r -> r.type().name() + "/" + r.name())
        .contains(
            "Dataplane/kong-01",
            "Dataplane/gateway-instance-1",
            "MeshGateway/edge-gateway",
            "MeshGatewayRoute/edge-gateway-route",
            "MeshGatewayInstance/edge-gateway",
            "MeshGateway/cross-mesh-gateway");
  }

  @Test
  @Order(3)
  void everyAppliedResourceReadsBackWithPorticoctlGet() {
    assertEveryAppliedResourceIsStored();
    String gateways = ctl.run("get", "meshgateways").assertSuccess().stdout();
    assertThat(gateways.lines().findFirst().orElseThrow()).matches("MESH\\s+NAME\\s+AGE");
    assertThat(gateways).contains("edge-gateway");
  }

  @Test
  @Order(4)
  void resourcesSurviveARestart() {
    cp.restart();
    pointPorticoctlAtControlPlane();
    assertEveryAppliedResourceIsStored();
  }

  @Test
  @Order(5)
  void acknowledgedWritesSurviveKillMinus9() {
    ctl.runWithInput(
            """
            type: MeshGatewayRoute
            mesh: default
            name: written-before-kill
            selectors:
              - match:
                  kuma.io/service: edge-gateway
            conf:
              http:
                rules:
                  - matches:
                      - path:
                          match: PREFIX
                          value: /killed
                    backends:
                      - destination:
                          kuma.io/service: backend
            """,
            "apply",
            "-f",
            "-")
        .assertSuccess();
    cp.killAndRestart();
    pointPorticoctlAtControlPlane();
    assertThat(ctl.run("get", "meshgatewayroute", "written-before-kill").assertSuccess().stdout())
        .contains("written-before-kill");
    assertEveryAppliedResourceIsStored();
  }

  @Test
  @Order(6)
  void defaultResourcesAreCreatedOnceAcrossRestarts() {
    String permissions = ctl.run("get", "traffic-permissions").assertSuccess().stdout();
    assertThat(permissions.lines().filter(l -> l.contains("allow-all-default"))).hasSize(1);
  }

  private static void assertEveryAppliedResourceIsStored() {
    for (Resource<?> expected : applied) {
      List<String> args = new ArrayList<>();
      args.addAll(List.of("get", expected.type().cliSingular(), expected.name(), "-o", "json"));
      if (expected.type().isMeshScoped()) {
        args.addAll(List.of("--mesh", expected.mesh()));
      }
      String out = ctl.run(args.toArray(String[]::new)).assertSuccess().stdout();
      try {
        ObjectNode stored = (ObjectNode) JSON.readTree(out);
        Resource<?> actual = CODEC.fromTree(stored);
        assertThat(actual.spec()).as(expected.key().toString()).isEqualTo(expected.spec());
        assertThat(stored.path("creationTime").asText()).isNotEmpty();
      } catch (IOException e) {
        throw new AssertionError("porticoctl printed no JSON for " + expected.key() + ":\n" + out);
      }
    }
  }

  private static List<Path> seedFixtures() throws IOException {
    try (Stream<Path> files = Files.list(Repository.seedFixtures())) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }
}
