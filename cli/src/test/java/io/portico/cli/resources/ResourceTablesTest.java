package io.portico.cli.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ResourceTablesTest {
  private static final Instant NOW = Instant.parse("2024-01-02T10:00:00Z");
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void tagsAreSortedByKeyWithSortedValues() {
    Map<String, Set<String>> tags = new LinkedHashMap<>();
    tags.put("version", new TreeSet<>(Set.of("v2", "v1")));
    tags.put("kuma.io/service", new TreeSet<>(Set.of("web")));

    assertThat(ResourceTables.tagsCell(tags)).isEqualTo("kuma.io/service=web version=v1,v2");
  }

  @Test
  void ageUsesModificationThenCreationTime() throws Exception {
    assertThat(
            ResourceTables.age(
                json.readTree(
                    "{\"creationTime\":\"2024-01-01T10:00:00Z\",\"modificationTime\":\"2024-01-02T09:59:00Z\"}"),
                NOW))
        .isEqualTo("1m");
    assertThat(
            ResourceTables.age(json.readTree("{\"creationTime\":\"2024-01-01T10:00:00Z\"}"), NOW))
        .isEqualTo("1d");
    assertThat(ResourceTables.age(json.readTree("{}"), NOW)).isEqualTo("never");
  }

  @Test
  void timesWithOffsetsAndFractionsAreRead() throws Exception {
    assertThat(
            ResourceTables.time(
                json.readTree("{\"t\":\"2024-01-02T11:59:30.123456789+02:00\"}"), "t"))
        .isEqualTo(Instant.parse("2024-01-02T09:59:30.123456789Z"));
    assertThat(ResourceTables.time(json.readTree("{\"t\":\"yesterday\"}"), "t")).isNull();
  }

  @Test
  void meshWithoutBackendsIsOffEverywhere() throws Exception {
    assertThat(
            ResourceTables.MESHES
                .row()
                .cells(
                    json.readTree("{\"name\":\"m\",\"logging\":{},\"mtls\":{\"backends\":[]}}"),
                    NOW))
        .containsExactly("m", "off", "off", "off", "off", "off", "off", "never");
  }

  @Test
  void paginationFooterOnlyWithANextOffset() {
    assertThat(ResourceTables.paginationFooter("")).isEmpty();
    assertThat(ResourceTables.paginationFooter("100"))
        .isEqualTo("Rerun command with --offset=100 argument to retrieve more resources");
  }
}
