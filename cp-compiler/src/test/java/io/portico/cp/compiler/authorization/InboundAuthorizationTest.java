package io.portico.cp.compiler.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.cp.compiler.TestSnapshots;
import io.portico.cp.compiler.context.DataSourceContents;
import io.portico.cp.compiler.context.MeshContext;
import io.portico.cp.compiler.context.MeshMtls;
import io.portico.cp.compiler.plan.AuthorizationPlan;
import io.portico.cp.compiler.plan.AuthorizationPlan.Principal;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which permission decides an inbound (spec/core.md §3.4, §4.3). */
class InboundAuthorizationTest {
  private static final String TP =
      """
      type: TrafficPermission
      mesh: default
      name: tp-web
      sources:
        - match:
            kuma.io/service: frontend
      destinations:
        - match:
            kuma.io/service: web
      ---
      """;
  private static final String MTP =
      """
      type: MeshTrafficPermission
      mesh: default
      name: mtp-web
      spec:
        targetRef:
          kind: MeshService
          name: web
        from:
          - targetRef:
              kind: MeshService
              name: admin
            default:
              action: ALLOW
      ---
      """;
  private static final Map<String, String> WEB = Map.of("kuma.io/service", "web");

  private static MeshContext mesh(boolean mtls, String yaml) {
    Map<String, List<Resource<? extends ResourceSpec>>> policies = new LinkedHashMap<>();
    for (Resource<?> resource : TestSnapshots.resources(yaml + "type: Mesh\nname: default\n")) {
      if (!resource.type().name().equals("Mesh")) {
        policies.computeIfAbsent(resource.type().name(), t -> new ArrayList<>()).add(resource);
      }
    }
    return new MeshContext(
        "default",
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        policies,
        mtls ? new MeshMtls("default", true, false, List.of()) : MeshMtls.off("default"),
        DataSourceContents.NONE,
        List.of(),
        java.util.Map.of());
  }

  @Test
  void withoutMtlsNothingIsAuthorized() {
    assertThat(InboundAuthorization.forInbound(mesh(false, TP), WEB)).isNull();
  }

  @Test
  void noPermissionDeniesEveryClient() {
    assertThat(InboundAuthorization.forInbound(mesh(true, ""), WEB))
        .isEqualTo(AuthorizationPlan.DENY_ALL);
    assertThat(InboundAuthorization.forInbound(mesh(true, TP), Map.of("kuma.io/service", "other")))
        .isEqualTo(AuthorizationPlan.DENY_ALL);
  }

  @Test
  void theTrafficPermissionOfTheInboundDecides() {
    assertThat(InboundAuthorization.forInbound(mesh(true, TP), WEB).rules())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.principal())
                    .isEqualTo(Principal.withUris(List.of("spiffe://default/frontend"))));
  }

  @Test
  void aMeshTrafficPermissionReplacesTrafficPermissionOnTheInboundsItSelects() {
    MeshContext mesh = mesh(true, TP + MTP);
    assertThat(InboundAuthorization.forInbound(mesh, WEB).rules())
        .extracting(AuthorizationPlan.Rule::name)
        .containsOnly("mtp-web");
    assertThat(InboundAuthorization.forInbound(mesh, Map.of("kuma.io/service", "other")).rules())
        .isEmpty();
  }
}
