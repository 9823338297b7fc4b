package io.portico.cp.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.portico.cp.compiler.emit.ConfigVersion;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.proxy.api.v1.ProxyConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: each directory under {@code src/test/resources/golden/} (but {@code _includes}) is
 * a case with its resources in {@code input.yaml} and the expected config of each compiled
 * dataplane in {@code <dataplane>.json} (and what was left out of it, if anything, in {@code
 * <dataplane>.problems.txt}). Each dataplane is compiled with a snapshot of its own mesh. Run with
 * {@code -Dgolden.update=true} to rewrite the expected files (then review the diff like code). See
 * the README beside the goldens.
 */
class GoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  private static final ProxyConfigCompiler COMPILER = new ProxyConfigCompiler();

  /** Suffix of the file listing a dataplane's problems, one per line; absent = none. */
  static final String PROBLEMS = ".problems.txt";

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(GOLDEN)) {
      return dirs
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("_"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void compilesAsRecorded(String name) throws IOException {
    Case c = Case.load(name);
    List<String> expectedFiles = new ArrayList<>();
    for (String dataplane : c.compiled()) {
      Resource<io.portico.mesh.api.dataplane.DataplaneSpec> dp =
          TestSnapshots.dataplane(c.resources(), dataplane);
      MeshSnapshot snapshot = TestSnapshots.snapshot(c.resources(), dp.mesh(), null);
      ProxyConfigCompiler.Compilation compilation = COMPILER.compileWithProblems(snapshot, dp);
      ProxyConfig config = compilation.config();
      String json = print(config);
      Path file = GOLDEN.resolve(name).resolve(dataplane + ".json");
      expectedFiles.add(file.getFileName().toString());
      String problems =
          compilation.problems().stream().map(p -> p + "\n").collect(Collectors.joining());
      Path problemsFile = GOLDEN.resolve(name).resolve(dataplane + PROBLEMS);
      if (!problems.isEmpty()) {
        expectedFiles.add(problemsFile.getFileName().toString());
      }
      if (UPDATE) {
        Files.writeString(file, json, StandardCharsets.UTF_8);
        if (problems.isEmpty()) {
          Files.deleteIfExists(problemsFile);
        } else {
          Files.writeString(problemsFile, problems, StandardCharsets.UTF_8);
        }
      } else {
        assertThat(file).as("golden file %s (run with -Dgolden.update=true)", file).exists();
        assertThat(json).as("%s/%s", name, dataplane).isEqualTo(Files.readString(file));
        assertThat(problems)
            .as("%s/%s problems", name, dataplane)
            .isEqualTo(Files.exists(problemsFile) ? Files.readString(problemsFile) : "");
      }
      assertThat(config.getVersion()).isEqualTo(ConfigVersion.of(config));
      assertThat(parse(json)).as("the golden JSON reads back").isEqualTo(config);
      assertReferencesAreConsistent(config);
    }
    try (Stream<Path> files = Files.list(GOLDEN.resolve(name))) {
      List<String> stale =
          files
              .map(p -> p.getFileName().toString())
              .filter(
                  f -> (f.endsWith(".json") || f.endsWith(PROBLEMS)) && !expectedFiles.contains(f))
              .toList();
      assertThat(stale).as("golden files of no compiled dataplane").isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isDeterministicWhateverTheInputOrder(String name) throws IOException {
    Case c = Case.load(name);
    for (String dataplane : c.compiled()) {
      Resource<io.portico.mesh.api.dataplane.DataplaneSpec> dp =
          TestSnapshots.dataplane(c.resources(), dataplane);
      ProxyConfigCompiler.Compilation first =
          COMPILER.compileWithProblems(TestSnapshots.snapshot(c.resources(), dp.mesh(), null), dp);
      byte[] again =
          COMPILER
              .compile(TestSnapshots.snapshot(c.resources(), dp.mesh(), null), dp)
              .toByteArray();
      assertThat(again).isEqualTo(first.config().toByteArray());
      for (long seed = 1; seed <= 3; seed++) {
        List<Resource<?>> shuffled = new ArrayList<>(c.resources());
        java.util.Collections.shuffle(shuffled, new Random(seed));
        ProxyConfigCompiler.Compilation compilation =
            COMPILER.compileWithProblems(
                TestSnapshots.snapshot(shuffled, dp.mesh(), new Random(seed * 31)), dp);
        assertThat(compilation.config().toByteArray())
            .as("%s/%s, seed %d", name, dataplane, seed)
            .isEqualTo(first.config().toByteArray());
        assertThat(compilation.problems())
            .as("%s/%s problems, seed %d", name, dataplane, seed)
            .isEqualTo(first.problems());
      }
    }
  }

  /**
   * A golden case. Directives on the first lines of {@code input.yaml}: {@code # compile: a, b}
   * names the dataplanes to compile (default: all), {@code # include: x} adds the resources of
   * {@code _includes/x.yaml}.
   */
  record Case(String name, List<Resource<?>> resources, List<String> compiled) {
    static Case load(String name) {
      try {
        String input = Files.readString(GOLDEN.resolve(name).resolve("input.yaml"));
        List<String> compiled = new ArrayList<>();
        StringBuilder yaml = new StringBuilder();
        for (String line : input.split("\n", -1)) {
          if (line.startsWith("# compile:")) {
            Arrays.stream(line.substring("# compile:".length()).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .forEach(compiled::add);
          } else if (line.startsWith("# include:")) {
            String include = line.substring("# include:".length()).trim();
            yaml.append(Files.readString(GOLDEN.resolve("_includes").resolve(include + ".yaml")))
                .append("\n---\n");
          }
        }
        yaml.append(input);
        List<Resource<?>> resources = TestSnapshots.resources(yaml.toString());
        if (compiled.isEmpty()) {
          resources.stream()
              .filter(r -> r.type().equals(ResourceTypes.DATAPLANE))
              .map(Resource::name)
              .forEach(compiled::add);
        }
        return new Case(name, resources, compiled);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Every cluster a listener, route or mirror names exists, every cluster is used, and names are
   * unique: the cross-references the proxy checks (its full validation runs in integration-tests).
   */
  static void assertReferencesAreConsistent(ProxyConfig config) {
    java.util.Set<String> defined = new java.util.HashSet<>();
    config
        .getClustersList()
        .forEach(c -> assertThat(defined.add(c.getName())).as(c.getName()).isTrue());
    java.util.Set<String> used = new java.util.HashSet<>();
    java.util.Set<String> listeners = new java.util.HashSet<>();
    for (var listener : config.getListenersList()) {
      assertThat(listeners.add(listener.getName())).as(listener.getName()).isTrue();
      listener.getTcp().getClustersList().forEach(w -> used.add(w.getCluster()));
      for (var host : listener.getHttp().getVirtualHostsList()) {
        for (var route : host.getRoutesList()) {
          route.getForward().getClustersList().forEach(w -> used.add(w.getCluster()));
          route.getMirrorsList().forEach(m -> used.add(m.getCluster()));
        }
      }
    }
    assertThat(used).as("clusters used").isEqualTo(defined);
  }

  /**
   * {@code JsonFormat.printer()} output, with the HTML-safe escapes it writes for {@code & = < > '}
   * turned back into the characters (still valid JSON, easier to review).
   */
  static String print(ProxyConfig config) throws InvalidProtocolBufferException {
    return JsonFormat.printer()
            .print(config)
            .replace("\\u0026", "&")
            .replace("\\u003d", "=")
            .replace("\\u003c", "<")
            .replace("\\u003e", ">")
            .replace("\\u0027", "'")
        + "\n";
  }

  static ProxyConfig parse(String json) throws InvalidProtocolBufferException {
    ProxyConfig.Builder builder = ProxyConfig.newBuilder();
    JsonFormat.parser().merge(json, builder);
    return builder.build();
  }
}
