package io.portico.cp.k8s.gateway;

import static io.portico.cp.k8s.gateway.GatewayFixtures.EDGE_TAGS;
import static io.portico.cp.k8s.gateway.GatewayFixtures.T0;
import static io.portico.cp.k8s.gateway.GatewayFixtures.gateway;
import static io.portico.cp.k8s.gateway.GatewayFixtures.listener;
import static io.portico.cp.k8s.gateway.GatewayFixtures.tags;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Which MeshGateway an instance serves (spec/gateway.md §2.1 against spec.tags): one test a rule.
 */
class GatewayMatchTest {
  private static final Map<String, String> INSTANCE_TAGS =
      tags("kuma.io/service", "edge-gateway", "env", "prod", "region", "eu");

  private static Optional<String> best(List<Resource<MeshGatewaySpec>> gateways) {
    return GatewayMatch.best(gateways, "default", INSTANCE_TAGS).map(Resource::name);
  }

  private static Resource<MeshGatewaySpec> selecting(String name, Map<String, String> selector) {
    return gateway("default", name, selector, null, 80);
  }

  @Test
  void aGatewayMatchesWhenOneSelectorMatchesTheInstanceTags() {
    assertThat(best(List.of(selecting("a", EDGE_TAGS)))).contains("a");
    assertThat(best(List.of(selecting("a", tags("kuma.io/service", "other"))))).isEmpty();
    assertThat(best(List.of(selecting("a", tags("kuma.io/service", "edge-gateway", "tier", "*")))))
        .as("every selector key must be a tag")
        .isEmpty();
  }

  @Test
  void noGatewaysNoMatch() {
    assertThat(best(List.of())).isEmpty();
  }

  @Test
  void moreMatchingTagsBeatFewer() {
    assertThat(
            best(
                List.of(
                    selecting("broad", EDGE_TAGS),
                    selecting("narrow", tags("kuma.io/service", "edge-gateway", "env", "prod")))))
        .contains("narrow");
  }

  @Test
  void exactValuesBeatWildcardsAtEqualTagCount() {
    assertThat(
            best(
                List.of(
                    selecting("wild", tags("kuma.io/service", "edge-gateway", "env", "*")),
                    selecting("exact", tags("kuma.io/service", "edge-gateway", "region", "eu")))))
        .contains("exact");
  }

  @Test
  void moreTagsBeatMoreExactValues() {
    assertThat(
            best(
                List.of(
                    selecting("exact", tags("kuma.io/service", "edge-gateway", "env", "prod")),
                    selecting("wild", tags("kuma.io/service", "*", "env", "*", "region", "*")))))
        .contains("wild");
  }

  @Test
  void aGatewayScoresWithItsBestMatchingSelector() {
    Resource<MeshGatewaySpec> twoSelectors =
        gateway(
            "default",
            "two",
            List.of(
                EDGE_TAGS, tags("kuma.io/service", "edge-gateway", "env", "prod", "region", "eu")),
            null,
            List.of(listener(80, "")));
    Resource<MeshGatewaySpec> oneSelector =
        selecting("one", tags("kuma.io/service", "edge-gateway", "env", "prod"));

    assertThat(best(List.of(oneSelector, twoSelectors))).contains("two");
  }

  @Test
  void onEqualScoresTheMostRecentlyCreatedWins() {
    assertThat(
            best(
                List.of(
                    gateway("default", "old", EDGE_TAGS, T0, 80),
                    gateway("default", "new", EDGE_TAGS, T0.plusSeconds(1), 80),
                    gateway("default", "unsaved", EDGE_TAGS, null, 80))))
        .contains("new");
  }

  @Test
  void onEqualScoresAndTimesTheFirstByNameWins() {
    assertThat(
            best(
                List.of(
                    gateway("default", "b", EDGE_TAGS, T0, 80),
                    gateway("default", "a", EDGE_TAGS, T0, 80))))
        .contains("a");
  }

  @Test
  void gatewaysOfOtherMeshesNeverMatch() {
    assertThat(
            GatewayMatch.best(
                List.of(gateway("other", "edge", EDGE_TAGS, null, 80)), "default", EDGE_TAGS))
        .isEmpty();
  }

  @Test
  void theChoiceDoesNotDependOnTheInputOrder() {
    List<Resource<MeshGatewaySpec>> gateways = new ArrayList<>();
    gateways.add(gateway("default", "a", EDGE_TAGS, T0, 80));
    gateways.add(gateway("default", "b", EDGE_TAGS, T0, 80));
    gateways.add(gateway("default", "c", EDGE_TAGS, T0.plusSeconds(5), 80));
    gateways.add(
        gateway("default", "d", tags("kuma.io/service", "edge-gateway", "env", "*"), null, 80));
    gateways.add(
        gateway("default", "e", tags("kuma.io/service", "edge-gateway", "env", "prod"), null, 80));
    gateways.add(
        gateway("default", "f", tags("kuma.io/service", "edge-gateway", "env", "prod"), T0, 80));
    for (long seed = 1; seed <= 20; seed++) {
      Collections.shuffle(gateways, new Random(seed));
      assertThat(best(gateways)).as("seed %d", seed).contains("f");
    }
  }
}
