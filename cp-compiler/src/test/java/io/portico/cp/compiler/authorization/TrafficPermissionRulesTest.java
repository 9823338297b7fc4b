package io.portico.cp.compiler.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.cp.compiler.TestSnapshots;
import io.portico.cp.compiler.context.MeshMtls;
import io.portico.cp.compiler.plan.AuthorizationPlan;
import io.portico.cp.compiler.plan.AuthorizationPlan.Action;
import io.portico.cp.compiler.plan.AuthorizationPlan.Principal;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.types.ResourceTypes;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TrafficPermission sources → principals (spec/core.md §3.4). */
class TrafficPermissionRulesTest {
  private static final MeshMtls MTLS = new MeshMtls("default", true, false, List.of());

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      value = {
        "kuma.io/service=web | spiffe://default/web",
        "version=v2 | kuma://version/v2",
        "kuma.io/service=web,version=v2 | spiffe://default/web kuma://version/v2",
        "version=v2,kuma.io/zone=z1,kuma.io/service=web"
            + " | spiffe://default/web kuma://kuma.io/zone/z1 kuma://version/v2",
        "kuma.io/service=*,version=v2 | kuma://version/v2",
        "kuma.io/service=* | any",
        "kuma.io/service=*,version=* | any",
        "kuma.io/protocol=http | kuma://kuma.io/protocol/http",
      },
      delimiter = '|')
  void aSourceSelectorRequiresTheUrisOfItsTags(String selector, String expected) {
    Map<String, String> match = new LinkedHashMap<>();
    for (String tag : selector.split(",")) {
      match.put(tag.split("=")[0], tag.split("=")[1]);
    }
    Principal principal = TrafficPermissionRules.principal(Selector.of(match), MTLS);
    if (expected.equals("any")) {
      assertThat(principal).isEqualTo(Principal.ANY);
    } else {
      assertThat(principal.isAny()).isFalse();
      assertThat(principal.not()).isEmpty();
      assertThat(principal.requiredUris()).isEqualTo(Arrays.asList(expected.split(" ")));
    }
  }

  @Test
  void serviceUrisNameTheMesh() {
    assertThat(
            TrafficPermissionRules.principal(
                    Selector.of(Map.of("kuma.io/service", "web")),
                    new MeshMtls("payments", true, false, List.of()))
                .requiredUris())
        .containsExactly("spiffe://payments/web");
  }

  @Test
  void eachSourceSelectorIsOneAllowRuleNamedAfterThePermissionInOrder() {
    var permission =
        TestSnapshots.resources(
                """
                type: TrafficPermission
                mesh: default
                name: callers
                sources:
                  - match:
                      kuma.io/service: frontend
                  - match:
                      kuma.io/service: '*'
                      team: ops
                destinations:
                  - match:
                      kuma.io/service: backend
                """)
            .get(0)
            .as(ResourceTypes.TRAFFIC_PERMISSION);
    assertThat(TrafficPermissionRules.of(permission, MTLS))
        .isEqualTo(
            new AuthorizationPlan(
                List.of(
                    new AuthorizationPlan.Rule(
                        "callers",
                        Principal.withUris(List.of("spiffe://default/frontend")),
                        Action.ALLOW),
                    new AuthorizationPlan.Rule(
                        "callers", Principal.withUris(List.of("kuma://team/ops")), Action.ALLOW))));
  }
}
