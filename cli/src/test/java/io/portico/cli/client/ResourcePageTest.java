package io.portico.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResourcePageTest {
  @Test
  void nextOffsetIsTheOffsetParameterOfTheNextUrl() {
    assertThat(new ResourcePage(3, List.of(), "http://cp:5681/meshes?offset=2&size=2").nextOffset())
        .isEqualTo("2");
    assertThat(
            new ResourcePage(3, List.of(), "http://cp:5681/meshes?size=2&offset=a%2Fb")
                .nextOffset())
        .isEqualTo("a/b");
  }

  @Test
  void lastPageHasNoNextOffset() {
    assertThat(new ResourcePage(1, List.of(), null).nextOffset()).isEmpty();
    assertThat(new ResourcePage(1, List.of(), "http://cp:5681/meshes").nextOffset()).isEmpty();
  }
}
