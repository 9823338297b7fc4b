package io.portico.mesh.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import io.portico.mesh.api.validation.Violation;
import org.junit.jupiter.api.Test;

class DataSourceTest {
  private static Errors check(DataSource ds) {
    Errors errors = new Errors();
    DataSource.validate(Path.of("conf.cert"), ds, errors);
    return errors;
  }

  @Test
  void exactlyOneSourceIsValid() {
    assertThat(check(DataSource.ofSecret("s")).isEmpty()).isTrue();
    assertThat(check(DataSource.ofFile("/a")).isEmpty()).isTrue();
    assertThat(check(DataSource.ofInline("YWJj")).isEmpty()).isTrue();
    assertThat(check(DataSource.ofInlineString("pem")).isEmpty()).isTrue();
    assertThat(DataSource.ofInlineString("pem").kind()).isEqualTo(DataSource.Kind.INLINE_STRING);
  }

  @Test
  void missingOrEmptyDataSourceIsRejected() {
    assertThat(check(null).violations())
        .containsExactly(new Violation("conf.cert", "cannot be empty"));
    assertThat(check(new DataSource(null, "", null, "")).violations())
        .containsExactly(new Violation("conf.cert", "cannot be empty"));
  }

  @Test
  void twoSourcesAreRejected() {
    assertThat(check(new DataSource("s", "/f", null, null)).violations())
        .containsExactly(
            new Violation(
                "conf.cert", "exactly one of secret, file, inline, inlineString must be set"));
  }
}
