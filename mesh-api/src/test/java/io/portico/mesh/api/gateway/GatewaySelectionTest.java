package io.portico.mesh.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceMeta;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.types.ResourceTypes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which MeshGateway configures a gateway dataplane (spec/gateway.md §2.1). */
class GatewaySelectionTest {
  private static final Map<String, String> DATAPLANE =
      Map.of("kuma.io/service", "edge", "zone", "z1", "team", "a");

  @Test
  void noMatchingSelectorSelectsNothing() {
    assertThat(select(gateway("other", null, "kuma.io/service=other"))).isEmpty();
  }

  @Test
  void moreMatchingTagsWin() {
    assertThat(
            select(
                gateway("a-one", null, "kuma.io/service=edge"),
                gateway("b-two", null, "kuma.io/service=edge,zone=*")))
        .contains("b-two");
  }

  @Test
  void moreExactValuesWinAmongAsManyTags() {
    assertThat(
            select(
                gateway("a-wild", null, "kuma.io/service=edge,zone=*"),
                gateway("b-exact", null, "kuma.io/service=edge,zone=z1")))
        .contains("b-exact");
  }

  @Test
  void aGatewayScoresWithItsBestMatchingSelector() {
    assertThat(
            select(
                gateway("a", null, "kuma.io/service=edge,zone=z1"),
                gateway("b", null, "kuma.io/service=edge", "kuma.io/service=edge,zone=z1,team=a")))
        .contains("b");
  }

  @Test
  void aNonMatchingSelectorDoesNotCount() {
    assertThat(
            select(
                gateway("a", null, "kuma.io/service=edge"),
                gateway("b", null, "kuma.io/service=edge,zone=z2,team=a")))
        .contains("a");
  }

  @Test
  void newestWinsOnEqualRanks() {
    assertThat(
            select(
                gateway("a", "2024-03-01T00:00:00Z", "kuma.io/service=edge"),
                gateway("b", "2024-01-01T00:00:00Z", "kuma.io/service=edge")))
        .contains("a");
  }

  @Test
  void firstByNameWinsOnEqualRanksAndTimes() {
    assertThat(
            select(
                gateway("b", null, "kuma.io/service=edge"),
                gateway("a", null, "kuma.io/service=edge")))
        .contains("a");
  }

  @SafeVarargs
  private static Optional<String> select(Resource<MeshGatewaySpec>... gateways) {
    List<Resource<MeshGatewaySpec>> list = new ArrayList<>(Arrays.asList(gateways));
    return GatewaySelection.select(list, DATAPLANE).map(Resource::name);
  }

  private static Resource<MeshGatewaySpec> gateway(
      String name, String created, String... selectors) {
    List<Selector> parsed = new ArrayList<>();
    for (String selector : selectors) {
      Map<String, String> tags = new LinkedHashMap<>();
      for (String pair : selector.split(",")) {
        String[] kv = pair.split("=", 2);
        tags.put(kv[0], kv[1]);
      }
      parsed.add(Selector.of(tags));
    }
    MeshGatewaySpec spec =
        new MeshGatewaySpec(
            parsed,
            Map.of(),
            new MeshGatewaySpec.Conf(
                List.of(
                    new MeshGatewaySpec.Listener(
                        "", 8080, MeshGatewaySpec.Protocol.HTTP, null, Map.of(), false, null))));
    Instant time = created == null ? null : Instant.parse(created);
    return new Resource<>(
        ResourceTypes.MESH_GATEWAY, new ResourceMeta("default", name, 1, time, time), spec);
  }
}
