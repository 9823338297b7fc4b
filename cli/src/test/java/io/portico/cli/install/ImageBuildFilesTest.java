package io.portico.cli.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.cli.version.ClientVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code deploy/docker}: each Dockerfile copies what {@code ./mvnw package} of its module produces
 * (the jar named by the module's {@code finalName} and the {@code target/lib} of
 * maven-dependency-plugin), lets it through its {@code .dockerignore}, launches the main class its
 * {@code bin/} script launches, and {@code build-images} tags it as {@code install control-plane}
 * expects. Docker itself cannot run here.
 */
class ImageBuildFilesTest {
  static final Path ROOT = Path.of("..");
  private static final Pattern COPY = Pattern.compile("(?m)^COPY\\s+(.+)$");
  private static final Pattern MAIN_CLASS =
      Pattern.compile("(io\\.portico\\.[a-z.]+\\.Portico[A-Z][a-z]+)");

  @ParameterizedTest(name = "{0}")
  @CsvSource({"portico-cp, control-plane, portico-cp", "portico-dp, proxy, portico-dp"})
  void dockerfileCopiesWhatThePackageBuildProduces(String image, String module, String script)
      throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("deploy/docker/" + image + ".Dockerfile"));
    String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
    Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
    assertThat(finalName.find()).as("%s/pom.xml names its jar", module).isTrue();
    assertThat(pom)
        .as("%s copies its runtime dependencies to target/lib", module)
        .contains("<outputDirectory>${project.build.directory}/lib</outputDirectory>");

    List<String> sources = new ArrayList<>();
    Matcher copy = COPY.matcher(dockerfile);
    while (copy.find()) {
      List<String> words = Arrays.asList(copy.group(1).trim().split("\\s+"));
      sources.addAll(words.subList(0, words.size() - 1));
    }
    assertThat(sources)
        .containsExactlyInAnyOrder(
            module + "/target/lib/", module + "/target/" + finalName.group(1) + ".jar");

    String ignore =
        Files.readString(ROOT.resolve("deploy/docker/" + image + ".Dockerfile.dockerignore"));
    for (String source : sources) {
      assertThat(ignore.lines())
          .as(".dockerignore lets %s through", source)
          .contains("!" + source.replaceAll("/$", ""));
    }

    assertThat(dockerfile).contains("FROM eclipse-temurin:17-jre");
    String launcher = Files.readString(ROOT.resolve("bin").resolve(script));
    Matcher launched = MAIN_CLASS.matcher(launcher);
    assertThat(launched.find()).as("bin/%s names its main class", script).isTrue();
    Matcher entrypoint = MAIN_CLASS.matcher(dockerfile.substring(dockerfile.indexOf("ENTRYPOINT")));
    assertThat(entrypoint.find()).isTrue();
    assertThat(entrypoint.group(1)).isEqualTo(launched.group(1));
    Path mainSource =
        ROOT.resolve(module)
            .resolve("src/main/java")
            .resolve(launched.group(1).replace('.', '/') + ".java");
    assertThat(mainSource).exists();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"portico-cp, 5679", "portico-dp, 5678"})
  void imagesRunAsTheirNonRootUser(String image, String uid) throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("deploy/docker/" + image + ".Dockerfile"));

    assertThat(dockerfile.lines().filter(l -> l.startsWith("USER ")))
        .containsExactly("USER " + uid + ":" + uid);
  }

  @Test
  void buildScriptTagsTheImagesThatInstallUsesByDefault() throws IOException {
    Path script = ROOT.resolve("deploy/docker/build-images");
    String text = Files.readString(script);
    Matcher version =
        Pattern.compile("(?m)^  <version>([^<]+)</version>$")
            .matcher(Files.readString(ROOT.resolve("pom.xml")));

    assertThat(Files.isExecutable(script)).isTrue();
    assertThat(text).contains("prefix=\"portico/\"", "for image in portico-cp portico-dp");
    assertThat(InstallControlPlaneCommand.CONTROL_PLANE_REPOSITORY).isEqualTo("portico/portico-cp");
    assertThat(InstallControlPlaneCommand.DATAPLANE_REPOSITORY).isEqualTo("portico/portico-dp");
    assertThat(version.find()).as("the project version in the root pom").isTrue();
    assertThat(ClientVersion.get()).isEqualTo(version.group(1));
    assertThat(InstallControlPlaneCommand.defaultTag()).isEqualTo(version.group(1));
  }
}
