package io.portico.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GetCommandTest {
  private static final Instant NOW = Instant.parse("2024-01-02T10:00:00Z");

  @TempDir Path home;
  private FakeControlPlane cp;
  private CliRunner cli;

  @BeforeEach
  void start() throws IOException {
    cp = FakeControlPlane.start(NOW);
    cli = new CliRunner(home, NOW);
    cli.useControlPlane(cp.address());
  }

  @AfterEach
  void stop() {
    cp.close();
  }

  private void seedAt(Duration ago, String json) {
    cp.setNow(NOW.minus(ago));
    cp.seed(json);
  }

  @Test
  void meshesTableShowsBackendsLocalityZoneEgressAndAge() {
    seedAt(Duration.ofMinutes(3), "{\"type\":\"Mesh\",\"name\":\"default\"}");
    seedAt(
        Duration.ofDays(2),
        """
        {"type":"Mesh","name":"secure",
         "mtls":{"enabledBackend":"ca-1","backends":[{"name":"ca-1","type":"builtin"}]},
         "metrics":{"enabledBackend":"prometheus-1",
                    "backends":[{"name":"prometheus-1","type":"prometheus"}]},
         "logging":{"backends":[{"name":"file","type":"file"},{"name":"tcp","type":"tcp"}]},
         "tracing":{"backends":[{"name":"zipkin","type":"zipkin"}]},
         "routing":{"localityAwareLoadBalancing":true,"zoneEgress":true}}
        """);

    CliRunner.Result result = cli.run("get", "meshes");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .isEqualTo(
            """
            NAME      mTLS           METRICS                   LOGGING              TRACING         LOCALITY   ZONEEGRESS   AGE
            default   off            off                       off                  off             off        off          3m
            secure    builtin/ca-1   prometheus/prometheus-1   file/file, tcp/tcp   zipkin/zipkin   on         on           2d
            """);
  }

  @Test
  void dataplanesTableShowsTagsAndAdvertisedAddress() {
    seedAt(Duration.ofMinutes(1), "{\"type\":\"Mesh\",\"name\":\"default\"}");
    seedAt(
        Duration.ofDays(400),
        """
        {"type":"Dataplane","mesh":"default","name":"web-1",
         "networking":{"address":"10.0.0.1","inbound":[
           {"port":8080,"tags":{"version":"v1","kuma.io/service":"web"}},
           {"port":8081,"tags":{"kuma.io/service":"web-admin","version":"v1"}}]}}
        """);
    seedAt(
        Duration.ofSeconds(59),
        """
        {"type":"Dataplane","mesh":"default","name":"edge-1",
         "networking":{"address":"10.0.0.2","advertisedAddress":"192.168.0.2",
           "gateway":{"type":"BUILTIN","tags":{"kuma.io/service":"edge-gateway"}}}}
        """);

    CliRunner.Result result = cli.run("get", "dataplanes");

    assertThat(result.out())
        .isEqualTo(
            """
            MESH      NAME     TAGS                                       ADDRESS       AGE
            default   edge-1   kuma.io/service=edge-gateway               192.168.0.2   59s
            default   web-1    kuma.io/service=web,web-admin version=v1   10.0.0.1      1y
            """);
  }

  @Test
  void otherMeshScopedTypesUseTheGenericColumns() {
    seedAt(Duration.ofMinutes(3), "{\"type\":\"Mesh\",\"name\":\"default\"}");
    seedAt(
        Duration.ofMinutes(3),
        "{\"type\":\"MeshGateway\",\"mesh\":\"default\",\"name\":\"edge-gateway\"}");

    CliRunner.Result result = cli.run("get", "meshgateways");

    assertThat(result.out())
        .isEqualTo(
            """
            MESH      NAME           AGE
            default   edge-gateway   3m
            """);
  }

  @Test
  void globalTypesUseNameAndAge() {
    seedAt(Duration.ofMinutes(3), "{\"type\":\"Zone\",\"name\":\"zone-1\"}");

    CliRunner.Result result = cli.run("get", "zones");

    assertThat(result.out())
        .isEqualTo(
            """
            NAME     AGE
            zone-1   3m
            """);
  }

  @Test
  void morePagesAddTheRerunFooter() {
    seedAt(Duration.ofMinutes(3), "{\"type\":\"Mesh\",\"name\":\"default\"}");
    for (String name : new String[] {"gw-a", "gw-b", "gw-c"}) {
      seedAt(
          Duration.ofMinutes(3),
          "{\"type\":\"MeshGateway\",\"mesh\":\"default\",\"name\":\"" + name + "\"}");
    }

    CliRunner.Result first = cli.run("get", "meshgateways", "--size", "2");
    CliRunner.Result last = cli.run("get", "meshgateways", "--size", "2", "--offset", "2");

    assertThat(first.out())
        .isEqualTo(
            """
            MESH      NAME   AGE
            default   gw-a   3m
            default   gw-b   3m

            Rerun command with --offset=2 argument to retrieve more resources
            """);
    assertThat(last.out())
        .isEqualTo(
            """
            MESH      NAME   AGE
            default   gw-c   3m
            """);
  }

  @Test
  void emptyListPrintsTheHeaderOnly() {
    CliRunner.Result result = cli.run("get", "meshgateways", "-m", "other");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("MESH   NAME   AGE\n");
    assertThat(cp.requests().get(0).target()).isEqualTo("/meshes/other/meshgateways");
  }

  @Test
  void listAsYamlHasTotalItemsAndNext() {
    seedAt(Duration.ofMinutes(3), "{\"type\":\"Mesh\",\"name\":\"default\"}");
    seedAt(
        Duration.ofMinutes(3),
        "{\"type\":\"TrafficPermission\",\"mesh\":\"default\",\"name\":\"allow-all\","
            + "\"sources\":[{\"match\":{\"kuma.io/service\":\"*\"}}],"
            + "\"destinations\":[{\"match\":{\"kuma.io/service\":\"*\"}}]}");

    CliRunner.Result result = cli.run("get", "traffic-permissions", "-o", "yaml");

    assertThat(result.out())
        .isEqualTo(
            """
            total: 1
            items:
            - type: TrafficPermission
              mesh: default
              name: allow-all
              creationTime: 2024-01-02T09:57:00Z
              modificationTime: 2024-01-02T09:57:00Z
              sources:
              - match:
                  kuma.io/service: '*'
              destinations:
              - match:
                  kuma.io/service: '*'
            next: null
            """);
  }

  @Test
  void listAsJsonIsIndentedLikeKumactl() {
    seedAt(
        Duration.ofMinutes(3),
        "{\"type\":\"Zone\",\"name\":\"zone-1\",\"enabled\":true,\"tags\":[]}");

    CliRunner.Result result = cli.run("get", "zones", "-o", "json");

    assertThat(result.out())
        .isEqualTo(
            """
            {
              "total": 1,
              "items": [
                {
                  "type": "Zone",
                  "name": "zone-1",
                  "creationTime": "2024-01-02T09:57:00Z",
                  "modificationTime": "2024-01-02T09:57:00Z",
                  "enabled": true,
                  "tags": []
                }
              ],
              "next": null
            }
            """);
  }

  @Test
  void singleResourceAsTableYamlAndJson() {
    seedAt(Duration.ofMinutes(3), "{\"type\":\"Mesh\",\"name\":\"default\"}");
    seedAt(
        Duration.ofHours(5), "{\"type\":\"MeshGateway\",\"mesh\":\"default\",\"name\":\"edge\"}");

    assertThat(cli.run("get", "meshgateway", "edge").out())
        .isEqualTo(
            """
            MESH      NAME   AGE
            default   edge   5h
            """);
    assertThat(cli.run("get", "meshgateway", "edge", "-o", "yaml").out())
        .isEqualTo(
            """
            type: MeshGateway
            mesh: default
            name: edge
            creationTime: 2024-01-02T05:00:00Z
            modificationTime: 2024-01-02T05:00:00Z
            """);
    assertThat(cli.run("get", "mesh", "default", "--output", "json").out())
        .isEqualTo(
            """
            {
              "type": "Mesh",
              "name": "default",
              "creationTime": "2024-01-02T09:57:00Z",
              "modificationTime": "2024-01-02T09:57:00Z"
            }
            """);
  }

  @Test
  void namedResourceNotFoundNamesTheMesh() {
    CliRunner.Result meshScoped = cli.run("get", "meshgateway", "nope", "-m", "demo");
    CliRunner.Result global = cli.run("get", "mesh", "nope");

    assertThat(meshScoped.exitCode()).isEqualTo(1);
    assertThat(meshScoped.out()).isEmpty();
    assertThat(meshScoped.err()).isEqualTo("Error: No resources found in demo mesh\n");
    assertThat(global.exitCode()).isEqualTo(1);
    assertThat(global.err()).isEqualTo("Error: No resources found\n");
  }

  @Test
  void restPluralsAndTypeNamesAreAliases() {
    seedAt(Duration.ofMinutes(3), "{\"type\":\"Mesh\",\"name\":\"default\"}");
    seedAt(
        Duration.ofMinutes(3), "{\"type\":\"HealthCheck\",\"mesh\":\"default\",\"name\":\"hc\"}");

    assertThat(cli.run("get", "health-checks").out())
        .isEqualTo(cli.run("get", "healthchecks").out());
    assertThat(cli.run("get", "healthcheck", "hc").exitCode()).isZero();
  }

  @Test
  void badOutputFormatIsAUsageErrorNamingTheChoices() {
    CliRunner.Result result = cli.run("get", "meshes", "-o", "xml");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .startsWith(
            "Error: Invalid value for option '--output': unknown output format \"xml\": expected"
                + " one of table, yaml, json");
  }

  @Test
  void forbiddenSecretsAreExplained() {
    cp.denySecrets();

    CliRunner.Result result = cli.run("get", "secrets");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "Error: could not list secrets in mesh \"default\": access denied by the control plane at "
                + cp.address()
                + " (403 Access Denied: user \"mesh-system:anonymous\" cannot access the resource of"
                + " type \"Secret\"): the current user may not do this (no user token is configured);"
                + " secrets and global secrets need an admin user token\n");
  }

  @Test
  void forbiddenSecretAndGlobalSecretsAreExplained() {
    cp.denySecrets();

    CliRunner.Result one = cli.run("get", "secret", "ca-cert");
    CliRunner.Result global = cli.run("get", "global-secrets", "-o", "yaml");

    assertThat(one.exitCode()).isEqualTo(1);
    assertThat(one.err())
        .startsWith("Error: could not get Secret \"ca-cert\" in mesh \"default\": access denied")
        .endsWith("secrets and global secrets need an admin user token\n");
    assertThat(global.exitCode()).isEqualTo(1);
    assertThat(global.err())
        .startsWith("Error: could not list global-secrets: access denied")
        .contains("(403 Access Denied: user \"mesh-system:anonymous\" cannot access the resource")
        .endsWith("secrets and global secrets need an admin user token\n");
  }

  @Test
  void secretDataIsNeverInTablesAndRedactedInYamlAndJsonUnlessAsked() {
    seedAt(Duration.ofMinutes(3), "{\"type\":\"Mesh\",\"name\":\"default\"}");
    seedAt(
        Duration.ofMinutes(3),
        "{\"type\":\"Secret\",\"mesh\":\"default\",\"name\":\"ca-cert\",\"data\":\"c2VjcmV0\"}");
    seedAt(
        Duration.ofMinutes(5),
        "{\"type\":\"GlobalSecret\",\"name\":\"admin-user-token\",\"data\":\"dG9rZW4=\"}");

    CliRunner.Result table = cli.run("get", "secrets");
    CliRunner.Result oneTable = cli.run("get", "secret", "ca-cert", "--show-data");
    CliRunner.Result yaml = cli.run("get", "secret", "ca-cert", "-o", "yaml");
    CliRunner.Result json = cli.run("get", "secrets", "-o", "json");
    CliRunner.Result globalTable = cli.run("get", "global-secrets");
    CliRunner.Result globalJson = cli.run("get", "global-secret", "admin-user-token", "-o", "json");
    CliRunner.Result shown =
        cli.run("get", "global-secret", "admin-user-token", "-o", "yaml", "--show-data");
    CliRunner.Result shownList = cli.run("get", "secrets", "-o", "json", "--show-data");

    assertThat(table.out()).isEqualTo("MESH      NAME      AGE\ndefault   ca-cert   3m\n");
    assertThat(oneTable.out()).isEqualTo(table.out());
    assertThat(globalTable.out()).isEqualTo("NAME               AGE\nadmin-user-token   5m\n");
    assertThat(yaml.out()).contains("data: <redacted>").doesNotContain("c2VjcmV0");
    assertThat(json.out()).contains("\"data\": \"<redacted>\"").doesNotContain("c2VjcmV0");
    assertThat(globalJson.out()).contains("\"data\": \"<redacted>\"").doesNotContain("dG9rZW4=");
    assertThat(shown.out()).contains("data: dG9rZW4=").doesNotContain("redacted");
    assertThat(shownList.out()).contains("c2VjcmV0").doesNotContain("redacted");
  }

  @Test
  void deletePrintsWhatWasDeletedAndFailsForMissing() {
    seedAt(Duration.ofMinutes(3), "{\"type\":\"Mesh\",\"name\":\"default\"}");
    seedAt(
        Duration.ofMinutes(3), "{\"type\":\"MeshGateway\",\"mesh\":\"default\",\"name\":\"edge\"}");

    CliRunner.Result deleted = cli.run("delete", "meshgateway", "edge");
    CliRunner.Result missing = cli.run("delete", "meshgateway", "edge");
    CliRunner.Result mesh = cli.run("delete", "mesh", "default");

    assertThat(deleted.exitCode()).isZero();
    assertThat(deleted.out()).isEqualTo("deleted MeshGateway \"edge\"\n");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("Error: there is no MeshGateway with name \"edge\"\n");
    assertThat(mesh.out()).isEqualTo("deleted Mesh \"default\"\n");
    assertThat(cp.writes())
        .containsExactly(
            "DELETE /meshes/default/meshgateways/edge",
            "DELETE /meshes/default/meshgateways/edge",
            "DELETE /meshes/default");
  }

  @Test
  void singularWithoutNameIsAUsageError() {
    CliRunner.Result result = cli.run("get", "mesh");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .startsWith(
            "Error: missing NAME: \"get mesh NAME\" shows one Mesh, \"get meshes\" lists them");
  }

  @Test
  void unknownTypeNamesTheChoices() {
    CliRunner.Result result = cli.run("get", "gizmos");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .startsWith("Error: unknown resource type \"gizmos\": expected one of meshes, dataplanes,");
  }

  @Test
  void deleteOfUnknownTypeNamesTheChoices() {
    CliRunner.Result result = cli.run("delete", "gizmo", "x");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .startsWith("Error: unknown TYPE \"gizmo\": expected one of circuit-breaker, dataplane,");
  }
}
