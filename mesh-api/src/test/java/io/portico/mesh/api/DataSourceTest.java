package io.portico.mesh.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import io.portico.mesh.api.validation.Violation;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DataSourceTest {
  static Stream<Arguments> cases() {
    String several = "exactly one of secret, file, inline, inlineString must be set";
    return Stream.of(
        arguments("missingSourceIsEmpty", null, List.of(new Violation("ca", "cannot be empty"))),
        arguments(
            "sourceWithNothingSetIsEmpty",
            new DataSource(null, "", null, ""),
            List.of(new Violation("ca", "cannot be empty"))),
        arguments("secretAlone", new DataSource("ca-cert", null, null, null), List.of()),
        arguments("fileAlone", new DataSource(null, "/etc/ca.pem", null, null), List.of()),
        arguments("inlineAlone", new DataSource(null, null, "Y2E=", null), List.of()),
        arguments("inlineStringAlone", new DataSource(null, null, null, "ca"), List.of()),
        arguments(
            "severalSourcesAreRejected",
            new DataSource("ca-cert", null, null, "ca"),
            List.of(new Violation("ca", several))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void exactlyOneSourceIsSet(String rule, DataSource source, List<Violation> expected) {
    Errors errors = new Errors();
    DataSource.validate(Path.of("ca"), source, errors);
    assertThat(errors.violations()).containsExactlyElementsOf(expected);
  }
}
