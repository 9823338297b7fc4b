package io.portico.cp.k8s.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.dataplane.DataplaneValidator;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.Errors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files of the pod conversion, one case per rule of spec/kubernetes.md §5 (see {@link
 * PodGoldenCase} for the format). Run with {@code -Dportico.golden.update=true} to rewrite the
 * {@code *.golden.yaml} files, then review the diff like code.
 */
class PodConverterGoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/pod-golden");
  private static final String INPUT = ".input.yaml";
  private static final String EXPECTED = ".golden.yaml";
  private static final boolean UPDATE = Boolean.getBoolean("portico.golden.update");

  static Stream<String> cases() throws IOException {
    try (Stream<Path> files = Files.list(GOLDEN)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(INPUT))
          .map(n -> n.substring(0, n.length() - INPUT.length()))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void convertsAsRecorded(String name) throws IOException {
    PodGoldenCase c = PodGoldenCase.load(GOLDEN.resolve(name + INPUT));
    PodConversion result = c.convert();
    String printed = PodGoldenCase.print(result);
    Path golden = GOLDEN.resolve(name + EXPECTED);
    if (UPDATE) {
      Files.writeString(golden, printed, StandardCharsets.UTF_8);
    } else {
      assertThat(golden).as("golden file (run with -Dportico.golden.update=true)").exists();
      assertThat(printed).as(name).isEqualTo(Files.readString(golden));
    }
    if (result instanceof PodConversion.Dataplane dataplane) {
      Errors errors = new Errors();
      new DataplaneValidator().validate(dataplane.spec(), errors);
      assertThat(errors.violations()).as("%s passes Dataplane validation", name).isEmpty();
      DataplaneSpec readBack =
          PodGoldenCase.CODEC.specFromTree(
              ResourceTypes.DATAPLANE, PodGoldenCase.CODEC.readTree(printed).path("spec"));
      assertThat(readBack).as("%s reads back", name).isEqualTo(dataplane.spec());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isIndependentOfTheOrderOfServicesAndDataplanes(String name) throws IOException {
    PodGoldenCase c = PodGoldenCase.load(GOLDEN.resolve(name + INPUT));
    PodConversion expected = c.convert();
    for (long seed = 1; seed <= 3; seed++) {
      List<io.fabric8.kubernetes.api.model.Service> services = new ArrayList<>(c.services());
      List<DataplaneSpec> dataplanes = new ArrayList<>(c.meshDataplanes());
      Collections.shuffle(services, new Random(seed));
      Collections.shuffle(dataplanes, new Random(seed * 31));
      PodGoldenCase shuffled =
          new PodGoldenCase(c.pod(), c.namespace(), services, dataplanes, c.settings());
      assertThat(shuffled.convert()).as("%s, seed %d", name, seed).isEqualTo(expected);
    }
  }

  @Test
  void everyGoldenHasItsInput() throws IOException {
    try (Stream<Path> files = Files.list(GOLDEN)) {
      List<String> orphans =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(EXPECTED))
              .filter(n -> !Files.exists(GOLDEN.resolve(n.replace(EXPECTED, INPUT))))
              .toList();
      assertThat(orphans).isEmpty();
    }
  }
}
