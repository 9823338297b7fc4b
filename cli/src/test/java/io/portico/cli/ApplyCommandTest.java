package io.portico.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyCommandTest {
  private static final Instant T0 = Instant.parse("2024-01-02T10:00:00Z");

  @TempDir Path home;
  private FakeControlPlane cp;
  private CliRunner cli;

  @BeforeEach
  void start() throws IOException {
    cp = FakeControlPlane.start(T0);
    cli = new CliRunner(home, T0);
    cli.useControlPlane(cp.address());
  }

  @AfterEach
  void stop() {
    cp.close();
  }

  private Path file(String text) throws IOException {
    Path file = home.resolve("input.yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void multiDocumentInputIsAppliedInOrderAndPrintsNothing() throws IOException {
    Path input =
        file(
            """
            type: Mesh
            name: demo
            ---
            type: Dataplane
            mesh: demo
            name: web-1
            networking:
              address: 10.0.0.1
              inbound:
              - port: 8080
                tags:
                  kuma.io/service: web
            ---
            type: MeshGateway
            mesh: demo
            name: edge
            selectors:
            - match:
                kuma.io/service: edge
            """);

    CliRunner.Result result = cli.run("apply", "-f", input.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEmpty();
    assertThat(cp.writes())
        .containsExactly(
            "PUT /meshes/demo",
            "PUT /meshes/demo/dataplanes/web-1",
            "PUT /meshes/demo/meshgateways/edge");
    assertThat(
            cp.resource("dataplanes", "demo", "web-1")
                .orElseThrow()
                .path("networking")
                .path("address")
                .asText())
        .isEqualTo("10.0.0.1");
    assertThat(
            cp.resource("meshgateways", "demo", "edge")
                .orElseThrow()
                .at("/selectors/0/match/kuma.io~1service")
                .asText())
        .isEqualTo("edge");
  }

  @Test
  void failingMiddleDocumentIsNamedWithCausesAndLaterDocumentsAreNotApplied() throws IOException {
    Path input =
        file(
            """
            type: Mesh
            name: demo
            ---
            # a dataplane without an address
            type: Dataplane
            mesh: demo
            name: web-1
            networking:
              inbound:
              - port: 8080
            ---
            type: Mesh
            name: after
            """);

    CliRunner.Result result = cli.run("apply", "-f", input.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            """
            Error: document 2 (line 5): the control plane rejected Dataplane "web-1" in mesh "demo": \
            Could not create a resource: Resource is not valid
              networking.address: address can't be empty
            applied 1 of 3 documents; stopped at document 2, so the 1 document after it was not applied
            """);
    assertThat(cp.writes())
        .containsExactly("PUT /meshes/demo", "PUT /meshes/demo/dataplanes/web-1");
    assertThat(cp.resource("meshes", "", "after")).isEmpty();
  }

  @Test
  void locallyInvalidDocumentsAreAllReportedAndNothingIsApplied() throws IOException {
    Path input =
        file(
            """
            type: Mesh
            name: Bad.Name
            ---
            type: Mesh
            name: fine
            ---
            type: NoSuchKind
            name: x
            """);

    CliRunner.Result result = cli.run("apply", "-f", input.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith(
            """
            Error: document 1 (line 1) is not a valid resource:
              name: invalid characters in "Bad.Name": only lowercase letters, digits, '-' and '_' are allowed
            document 3 (line 7) is not a valid resource:
              type: unknown type "NoSuchKind": expected one of""")
        .endsWith("nothing was applied (3 documents)\n");
    assertThat(cp.writes()).isEmpty();
  }

  @Test
  void malformedYamlNamesItsLine() throws IOException {
    Path input = file("type: Mesh\nname: a\n---\ntype: Mesh\nname: [unclosed\n");

    CliRunner.Result result = cli.run("apply", "-f", input.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            """
            Error: document 2 (line 4) is not a valid resource:
              malformed YAML at line 6, column 1: while parsing a flow sequence started at line 5, \
            column 7: expected ',' or ']', but got <stream end>
            nothing was applied (2 documents)
            """);
    assertThat(cp.writes()).isEmpty();
  }

  @Test
  void variablesAreRenderedPerDocumentWithNestedKeysEscapingAndMissingAsEmpty() throws IOException {
    Path input =
        file(
            """
            type: Mesh
            name: {{mesh}}
            ---
            type: Dataplane
            mesh: {{mesh}}
            name: {{dp.name}}
            networking:
              address: {{{address}}}
              inbound:
              - port: {{port}}
                tags:
                  kuma.io/service: "{{service}}"
                  note: "{{missing}}"
            """);

    CliRunner.Result result =
        cli.run(
            "apply",
            "-f",
            input.toString(),
            "-v",
            "mesh=demo",
            "-v",
            "dp.name=web-1",
            "-v",
            "address=10.0.0.1",
            "-v",
            "port=8080,service=a&b");

    assertThat(result.exitCode()).as(result.err()).isZero();
    var dataplane = cp.resource("dataplanes", "demo", "web-1").orElseThrow();
    assertThat(dataplane.at("/networking/address").asText()).isEqualTo("10.0.0.1");
    assertThat(dataplane.at("/networking/inbound/0/port").asInt()).isEqualTo(8080);
    assertThat(dataplane.at("/networking/inbound/0/tags/kuma.io~1service").asText())
        .isEqualTo("a&amp;b");
    assertThat(dataplane.at("/networking/inbound/0/tags/note").asText()).isEmpty();
  }

  @Test
  void dryRunPrintsRenderedUniversalYamlAndAppliesNothing() throws IOException {
    Path input =
        file(
            """
            type: Mesh
            name: demo
            ---
            apiVersion: kuma.io/v1alpha1
            kind: TrafficPermission
            mesh: demo
            metadata:
              name: allow-all
            spec:
              sources:
              - match:
                  kuma.io/service: '*'
              destinations:
              - match:
                  kuma.io/service: '{{svc}}'
            """);

    CliRunner.Result result =
        cli.run("apply", "--dry-run", "-f", input.toString(), "-v", "svc=web");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .isEqualTo(
            """
            type: Mesh
            name: demo
            ---
            type: TrafficPermission
            mesh: demo
            name: allow-all
            sources:
            - match:
                kuma.io/service: '*'
            destinations:
            - match:
                kuma.io/service: web
            """);
    assertThat(cp.requests()).isEmpty();
  }

  @Test
  void kubernetesFormIsSentInUniversalForm() throws IOException {
    Path input =
        file(
            """
            apiVersion: kuma.io/v1alpha1
            kind: Mesh
            metadata:
              name: demo
            spec:
              routing:
                zoneEgress: true
            ---
            apiVersion: kuma.io/v1alpha1
            kind: MeshTrafficPermission
            metadata:
              name: mtp
              labels:
                kuma.io/mesh: demo
            spec:
              targetRef:
                kind: Mesh
            """);

    CliRunner.Result result = cli.run("apply", "-f", input.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(cp.writes())
        .containsExactly("PUT /meshes/demo", "PUT /meshes/demo/meshtrafficpermissions/mtp");
    assertThat(cp.requests().get(0).body())
        .isEqualTo("{\"type\":\"Mesh\",\"name\":\"demo\",\"routing\":{\"zoneEgress\":true}}");
    assertThat(cp.requests().get(1).body())
        .isEqualTo(
            "{\"type\":\"MeshTrafficPermission\",\"mesh\":\"demo\",\"name\":\"mtp\",\"spec\":{\"targetRef\":{\"kind\":\"Mesh\"}}}");
  }

  @Test
  void stdinIsReadWithDashAndVerboseReportsEachResource() {
    CliRunner.Result first =
        cli.runWithStdin("type: Mesh\nname: demo\n", "apply", "-f", "-", "--verbose");
    CliRunner.Result second =
        cli.runWithStdin("type: Mesh\nname: demo\n", "apply", "-f", "-", "--verbose");

    assertThat(first.exitCode()).isZero();
    assertThat(first.err()).isEqualTo("Mesh \"demo\" created\n");
    assertThat(second.err()).isEqualTo("Mesh \"demo\" updated\n");
  }

  @Test
  void badVariableIsAUsageError() throws IOException {
    Path input = file("type: Mesh\nname: demo\n");

    CliRunner.Result result = cli.run("apply", "-f", input.toString(), "-v", "novalue");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("Error: -v \"novalue\": expected key=value");
  }

  @Test
  void missingFileIsNamed() {
    CliRunner.Result result = cli.run("apply", "-f", home.resolve("nope.yaml").toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo("Error: could not read -f " + home.resolve("nope.yaml") + ": no such file\n");
  }
}
