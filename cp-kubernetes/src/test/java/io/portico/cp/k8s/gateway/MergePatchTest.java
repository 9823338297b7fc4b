package io.portico.cp.k8s.gateway;

import static io.portico.cp.k8s.gateway.GatewayFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.junit.jupiter.api.Test;

/** JSON merge patches (RFC 7386) between two states of an object. */
class MergePatchTest {
  @Test
  void equalObjectsGiveTheEmptyPatch() {
    Service service = new ServiceBuilder().withNewMetadata().withName("a").endMetadata().build();

    assertThat(MergePatch.between(service, ObjectTrees.copy(service))).isEqualTo(MergePatch.EMPTY);
  }

  @Test
  void changedFieldsAreWrittenRemovedOnesNulledAndListsReplacedWhole() {
    assertThat(
            MergePatch.diff(
                    tree(
                        "{\"a\":1,\"b\":{\"c\":1,\"d\":2},\"e\":[1,2],\"f\":\"x\",\"g\":{\"h\":1}}"),
                    tree("{\"a\":1,\"b\":{\"c\":1,\"d\":3},\"e\":[2],\"g\":5,\"i\":{\"j\":1}}"))
                .toString())
        .isEqualTo("{\"f\":null,\"b\":{\"d\":3},\"e\":[2],\"g\":5,\"i\":{\"j\":1}}");
  }

  @Test
  void applyingThePatchGivesTheNewObject() {
    String before = "{\"a\":{\"b\":[1],\"c\":\"x\"},\"d\":true}";
    String after = "{\"a\":{\"b\":[1,2]},\"d\":false,\"e\":{}}";

    assertThat(FakeCluster.apply(tree(before), MergePatch.diff(tree(before), tree(after))))
        .isEqualTo(tree(after));
  }
}
