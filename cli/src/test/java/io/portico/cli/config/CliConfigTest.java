package io.portico.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliConfigTest {
  @TempDir Path dir;

  private static ControlPlaneEntry cp(String name) {
    return new ControlPlaneEntry(name, ApiServer.of("http://" + name + ":5681"));
  }

  @Test
  void addingMakesTheNewControlPlaneCurrent() {
    CliConfig config = CliConfig.defaults().withControlPlane(cp("a"));

    assertThat(config.currentContext()).isEqualTo("a");
    assertThat(config.currentControlPlane()).contains(cp("a"));
    assertThat(config.contexts()).extracting(ContextEntry::name).containsExactly("local", "a");
  }

  @Test
  void addingAnExistingNameReplacesItInPlace() {
    CliConfig config =
        CliConfig.defaults()
            .withControlPlane(cp("a"))
            .withControlPlane(cp("b"))
            .withControlPlane(new ControlPlaneEntry("a", ApiServer.of("http://new:5681")));

    assertThat(config.controlPlanes())
        .extracting(ControlPlaneEntry::name)
        .containsExactly("local", "a", "b");
    assertThat(config.controlPlane("a").orElseThrow().apiServer().url())
        .isEqualTo("http://new:5681");
    assertThat(config.currentContext()).isEqualTo("a");
  }

  @Test
  void removingTheCurrentOneSwitchesToTheFirstContextLeft() {
    CliConfig config = CliConfig.defaults().withControlPlane(cp("a")).withControlPlane(cp("b"));

    CliConfig removed = config.withoutControlPlane("b").orElseThrow();

    assertThat(removed.currentContext()).isEqualTo("local");
    assertThat(removed.controlPlane("b")).isEmpty();
    assertThat(removed.context("b")).isEmpty();
  }

  @Test
  void removingAnotherOneKeepsTheCurrentContext() {
    CliConfig config = CliConfig.defaults().withControlPlane(cp("a"));

    assertThat(config.withoutControlPlane("local").orElseThrow().currentContext()).isEqualTo("a");
  }

  @Test
  void removingTheLastLeavesNoCurrentContext() {
    CliConfig removed = CliConfig.defaults().withoutControlPlane("local").orElseThrow();

    assertThat(removed.currentContext()).isEmpty();
    assertThat(removed.currentControlPlane()).isEmpty();
  }

  @Test
  void unknownNamesAreEmpty() {
    assertThat(CliConfig.defaults().withoutControlPlane("x")).isEmpty();
    assertThat(CliConfig.defaults().switchTo("x")).isEmpty();
  }

  @Test
  void everySettingSurvivesAFileRoundTrip() {
    ApiServer server =
        new ApiServer(
            "https://cp:5682",
            "/etc/ca.pem",
            true,
            Map.of("b", "2", "a", "1"),
            "tokens",
            Map.of("token", "jwt"));
    CliConfig config = CliConfig.defaults().withControlPlane(new ControlPlaneEntry("prod", server));
    Path file = dir.resolve("sub").resolve("config");

    ConfigFile.write(file, config);

    assertThat(ConfigFile.read(file)).isEqualTo(config);
    assertThat(ConfigFile.toYaml(config))
        .isEqualTo(
            """
            contexts:
            - controlPlane: local
              name: local
            - controlPlane: prod
              name: prod
            controlPlanes:
            - coordinates:
                apiServer:
                  url: http://localhost:5681
              name: local
            - coordinates:
                apiServer:
                  authConf:
                    token: jwt
                  authType: tokens
                  caCertFile: /etc/ca.pem
                  headers:
                  - key: a
                    value: "1"
                  - key: b
                    value: "2"
                  skipVerify: true
                  url: https://cp:5682
              name: prod
            currentContext: prod
            """);
  }

  @Test
  void theFileIsReadableByItsOwnerOnly() throws Exception {
    Path file = dir.resolve("config");

    ConfigFile.write(file, CliConfig.defaults());

    assertThat(Files.getPosixFilePermissions(file))
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
  }

  @Test
  void aMissingFileReadsAsTheDefaults() {
    assertThat(ConfigFile.read(dir.resolve("none"))).isEqualTo(CliConfig.defaults());
  }

  @Test
  void malformedFilesNameTheFileAndField() throws Exception {
    Path file = dir.resolve("config");
    Files.writeString(file, "controlPlanes:\n- name: x\n");

    assertThatThrownBy(() -> ConfigFile.read(file))
        .isInstanceOf(ConfigFileException.class)
        .hasMessage(
            "the configuration file "
                + file
                + " is not valid: controlPlanes[0].coordinates.apiServer.url: cannot be empty");
  }

  @Test
  void emptyFileHasNoControlPlanes() {
    assertThat(ConfigFile.parse("")).isEqualTo(new CliConfig(List.of(), List.of(), ""));
  }
}
