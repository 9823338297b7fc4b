package io.portico.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandsTest {
  private static final Instant NOW = Instant.parse("2024-01-02T10:00:00Z");

  @TempDir Path home;
  private FakeControlPlane first;
  private FakeControlPlane second;
  private CliRunner cli;

  @BeforeEach
  void start() throws IOException {
    first = FakeControlPlane.start(NOW);
    second = FakeControlPlane.start(NOW);
    cli = new CliRunner(home, NOW);
  }

  @AfterEach
  void stop() {
    first.close();
    second.close();
  }

  /** An address where nothing listens: a port the OS gave us and that we closed again. */
  static String closedAddress() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  @Test
  void withoutAFileTheLocalContextIsUsed() {
    CliRunner.Result view = cli.run("config", "view");
    CliRunner.Result list = cli.run("config", "control-planes", "list");

    assertThat(view.out())
        .isEqualTo(
            """
            contexts:
            - controlPlane: local
              name: local
            controlPlanes:
            - coordinates:
                apiServer:
                  url: http://localhost:5681
              name: local
            currentContext: local
            """);
    assertThat(list.out())
        .isEqualTo(
            """
            ACTIVE   NAME    ADDRESS
            *        local   http://localhost:5681
            """);
    assertThat(cli.configFile()).doesNotExist();
  }

  @Test
  void addChecksTheControlPlaneSavesItAndMakesItCurrent() throws IOException {
    CliRunner.Result added =
        cli.run("config", "control-planes", "add", "--name", "fake", "--address", first.address());

    assertThat(added.exitCode()).as(added.err()).isZero();
    assertThat(added.out())
        .isEqualTo("added Control Plane \"fake\"\nswitched active Control Plane to \"fake\"\n");
    assertThat(first.requests())
        .extracting(FakeControlPlane.Request::toString)
        .containsExactly("GET /");
    assertThat(Files.readString(cli.configFile()))
        .isEqualTo(
            """
            contexts:
            - controlPlane: local
              name: local
            - controlPlane: fake
              name: fake
            controlPlanes:
            - coordinates:
                apiServer:
                  url: http://localhost:5681
              name: local
            - coordinates:
                apiServer:
                  url: %s
              name: fake
            currentContext: fake
            """
                .formatted(first.address()));
    assertThat(cli.run("config", "control-planes", "list").out())
        .isEqualTo(
            """
            ACTIVE   NAME    ADDRESS
                     local   http://localhost:5681
            *        fake    %s
            """
                .formatted(first.address()));
  }

  @Test
  void laterCommandsUseTheCurrentContext() {
    cli.run("config", "control-planes", "add", "--name", "one", "--address", first.address());
    cli.run("config", "control-planes", "add", "--name", "two", "--address", second.address());

    cli.run("get", "meshes");
    CliRunner.Result switched = cli.run("config", "control-planes", "switch", "--name", "one");
    cli.run("get", "zones");

    assertThat(switched.out()).isEqualTo("switched active Control Plane to \"one\"\n");
    assertThat(second.requests())
        .extracting(FakeControlPlane.Request::target)
        .containsExactly("/", "/meshes");
    assertThat(first.requests())
        .extracting(FakeControlPlane.Request::target)
        .containsExactly("/", "/zones");
  }

  @Test
  void addingAnExistingNameNeedsOverwrite() {
    cli.run("config", "control-planes", "add", "--name", "fake", "--address", first.address());

    CliRunner.Result again =
        cli.run("config", "control-planes", "add", "--name", "fake", "--address", second.address());
    CliRunner.Result overwritten =
        cli.run(
            "config",
            "control-planes",
            "add",
            "--name",
            "fake",
            "--address",
            second.address(),
            "--overwrite");

    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err())
        .isEqualTo(
            "Error: Control Plane with name \"fake\" already exists. Use --overwrite to replace an"
                + " existing one.\n");
    assertThat(overwritten.exitCode()).isZero();
    assertThat(cli.run("config", "control-planes", "list").out())
        .contains("*        fake    " + second.address());
  }

  @Test
  void addingAnUnreachableControlPlaneFailsAndChangesNothing() throws IOException {
    String address = closedAddress();

    CliRunner.Result result =
        cli.run("config", "control-planes", "add", "--name", "gone", "--address", address);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "Error: could not add control plane \"gone\": could not reach the control plane at "
                + address
                + ": connection refused\n");
    assertThat(cli.configFile()).doesNotExist();
  }

  @Test
  void skipCheckAddsWithoutContactingTheControlPlane() throws IOException {
    String address = closedAddress();

    CliRunner.Result result =
        cli.run(
            "config",
            "control-planes",
            "add",
            "--name",
            "later",
            "--address",
            address,
            "--skip-check");

    assertThat(result.exitCode()).isZero();
    assertThat(Files.readString(cli.configFile())).contains("url: " + address);
  }

  @Test
  void removingTheCurrentControlPlaneSwitchesToTheFirstLeft() {
    cli.run("config", "control-planes", "add", "--name", "fake", "--address", first.address());

    CliRunner.Result removed = cli.run("config", "control-planes", "remove", "--name", "fake");
    CliRunner.Result last = cli.run("config", "control-planes", "remove", "--name", "local");
    CliRunner.Result get = cli.run("get", "meshes");
    CliRunner.Result unknown = cli.run("config", "control-planes", "switch", "--name", "fake");

    assertThat(removed.out())
        .isEqualTo("removed Control Plane \"fake\"\nswitched active Control Plane to \"local\"\n");
    assertThat(last.out())
        .isEqualTo(
            "removed Control Plane \"local\"\nthere is no active Control Plane left. Use"
                + " `porticoctl config control-planes add` to add a Control Plane and make it"
                + " active\n");
    assertThat(get.exitCode()).isEqualTo(1);
    assertThat(get.err())
        .isEqualTo(
            "Error: there is no active control plane; add one with: porticoctl config"
                + " control-planes add --name NAME --address URL\n");
    assertThat(unknown.err()).isEqualTo("Error: there is no Control Plane with name \"fake\"\n");
  }

  @Test
  void tokenAndHeadersAreStoredAndSentWithEveryRequest() throws IOException {
    first.requireToken("jwt-abc");

    CliRunner.Result added =
        cli.run(
            "config",
            "control-planes",
            "add",
            "--name",
            "secure",
            "--address",
            first.address(),
            "--auth-type",
            "tokens",
            "--auth-conf",
            "token=jwt-abc",
            "--headers",
            "x-team=mesh");
    CliRunner.Result get = cli.run("get", "meshes");

    assertThat(added.exitCode()).as(added.err()).isZero();
    assertThat(get.exitCode()).as(get.err()).isZero();
    assertThat(first.requests())
        .allSatisfy(
            r -> {
              assertThat(r.headers()).containsEntry("authorization", "Bearer jwt-abc");
              assertThat(r.headers()).containsEntry("x-team", "mesh");
            });
    assertThat(Files.readString(cli.configFile()))
        .contains(
            """
                apiServer:
                  authConf:
                    token: jwt-abc
                  authType: tokens
                  headers:
                  - key: x-team
                    value: mesh
                  url: %s
            """
                .formatted(first.address()));
  }

  @Test
  void rejectedCredentialsAreExplained() {
    cli.run("config", "control-planes", "add", "--name", "fake", "--address", first.address());
    first.requireToken("jwt-abc");

    CliRunner.Result result = cli.run("get", "meshes");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "Error: could not list meshes: the control plane at "
                + first.address()
                + " did not accept the credentials (401 Invalid authentication data: token is not"
                + " valid): no user token is configured for control plane \"fake\"; set one with:"
                + " porticoctl config control-planes add --name fake --address "
                + first.address()
                + " --auth-type tokens --auth-conf token=<JWT> --overwrite\n");
  }

  @Test
  void badAuthSettingsAreUsageErrors() {
    CliRunner.Result badType =
        cli.run(
            "config",
            "control-planes",
            "add",
            "--name",
            "x",
            "--address",
            first.address(),
            "--auth-type",
            "basic");
    CliRunner.Result noToken =
        cli.run(
            "config",
            "control-planes",
            "add",
            "--name",
            "x",
            "--address",
            first.address(),
            "--auth-type",
            "tokens");
    CliRunner.Result badAddress =
        cli.run("config", "control-planes", "add", "--name", "x", "--address", "localhost:5681");

    assertThat(badType.exitCode()).isEqualTo(2);
    assertThat(badType.err()).startsWith("Error: --auth-type \"basic\": expected tokens\n");
    assertThat(noToken.err())
        .startsWith("Error: --auth-type tokens needs --auth-conf token=<JWT>\n");
    assertThat(badAddress.err())
        .startsWith(
            "Error: --address: address \"localhost:5681\" is not usable: expected an http:// or"
                + " https:// URL such as http://localhost:5681\n");
  }

  @Test
  void configFileOptionIsAcceptedAfterTheSubcommand() {
    Path other = home.resolve("elsewhere.yaml");

    cli.run(
        "config",
        "control-planes",
        "add",
        "--name",
        "fake",
        "--address",
        first.address(),
        "--config-file",
        other.toString());
    CliRunner.Result viaOption = cli.run("get", "meshes", "--config-file", other.toString());
    CliRunner.Result viaDefault = cli.run("--api-timeout", "2s", "config", "view");

    assertThat(other).exists();
    assertThat(cli.configFile()).doesNotExist();
    assertThat(viaOption.exitCode()).as(viaOption.err()).isZero();
    assertThat(viaDefault.out()).contains("currentContext: local");
  }

  @Test
  void environmentVariableNamesTheConfigFile() {
    Path other = home.resolve("from-env.yaml");
    CliRunner withVariable =
        new CliRunner(home, NOW, Map.of("PORTICOCTL_CONFIG", other.toString()));

    withVariable.run(
        "config", "control-planes", "add", "--name", "fake", "--address", first.address());

    assertThat(other).exists();
    assertThat(cli.configFile()).doesNotExist();
    assertThat(withVariable.run("config", "view").out()).contains("currentContext: fake");
  }

  @Test
  void unreachableControlPlaneIsNamed() throws IOException {
    String address = closedAddress();
    cli.useControlPlane(address);

    CliRunner.Result result = cli.run("get", "meshes");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "Error: could not reach the control plane at " + address + ": connection refused\n");
  }
}
