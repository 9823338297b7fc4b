package io.portico.cp.compiler.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.cp.compiler.TestSnapshots;
import io.portico.cp.compiler.authorization.MeshTrafficPermissionRules.Tag;
import io.portico.cp.compiler.context.MeshMtls;
import io.portico.cp.compiler.plan.AuthorizationPlan;
import io.portico.cp.compiler.plan.AuthorizationPlan.Action;
import io.portico.cp.compiler.plan.AuthorizationPlan.Principal;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.policy.targetref.MeshTrafficPermissionSpec;
import io.portico.mesh.api.types.ResourceTypes;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MeshTrafficPermission rules (spec/core.md §4.2-4.3, Kuma's BuildRules). */
class MeshTrafficPermissionRulesTest {
  private static final MeshMtls MTLS = new MeshMtls("default", true, false, List.of());

  private static List<Resource<MeshTrafficPermissionSpec>> permissions(String yaml) {
    return TestSnapshots.resources(yaml).stream()
        .map(r -> r.as(ResourceTypes.MESH_TRAFFIC_PERMISSION))
        .toList();
  }

  private static String permission(String name, String target, String... from) {
    StringBuilder yaml =
        new StringBuilder(
            "type: MeshTrafficPermission\nmesh: default\nname: "
                + name
                + "\nspec:\n  targetRef:\n    "
                + target
                + "\n  from:\n");
    for (String item : from) {
      yaml.append("    - targetRef:\n        ").append(item).append("\n");
    }
    return yaml.append("---\n").toString();
  }

  private static List<String> rules(String yaml) {
    return MeshTrafficPermissionRules.of(permissions(yaml), MTLS).rules().stream()
        .map(MeshTrafficPermissionRulesTest::describe)
        .toList();
  }

  private static String describe(AuthorizationPlan.Rule rule) {
    Principal p = rule.principal();
    String not =
        p.not().stream()
            .map(n -> "!" + String.join("+", n.requiredUris()))
            .reduce("", String::concat);
    return rule.action() + " " + (p.isAny() ? "any" : String.join("+", p.requiredUris())) + not;
  }

  @ParameterizedTest(name = "{0} selects {1}: {2}")
  @CsvSource(
      value = {
        "{kind: Mesh} | kuma.io/service=web | true",
        "{kind: MeshService, name: web} | kuma.io/service=web | true",
        "{kind: MeshService, name: web} | kuma.io/service=api | false",
        "{kind: MeshSubset, tags: {version: v1}} | kuma.io/service=web,version=v1 | true",
        "{kind: MeshSubset, tags: {version: v1}} | kuma.io/service=web,version=v2 | false",
        "{kind: MeshServiceSubset, name: web, tags: {version: v1}} | kuma.io/service=web,version=v1 | true",
        "{kind: MeshServiceSubset, name: web, tags: {version: v1}} | kuma.io/service=api,version=v1 | false",
        "{kind: MeshGatewayRoute, name: r} | kuma.io/service=web | false",
      },
      delimiter = '|')
  void theTopLevelTargetRefSelectsSidecarInbounds(String target, String tags, boolean selects) {
    var permission =
        permissions(permission("p", target, "kind: Mesh\n      default: {action: ALLOW}")).get(0);
    Map<String, String> inbound = new java.util.TreeMap<>();
    for (String tag : tags.split(",")) {
      inbound.put(tag.split("=")[0], tag.split("=")[1]);
    }
    assertThat(MeshTrafficPermissionRules.selects(permission.spec().targetRef(), inbound))
        .isEqualTo(selects);
  }

  @Test
  void permissionsMergeByKindThenName() {
    String yaml =
        permission(
                "a-service",
                "kind: MeshService\n    name: web",
                "kind: Mesh\n      default: {action: ALLOW}")
            + permission("z-mesh", "kind: Mesh", "kind: Mesh\n      default: {action: DENY}")
            + permission("b-mesh", "kind: Mesh", "kind: Mesh\n      default: {action: DENY}");
    assertThat(
            MeshTrafficPermissionRules.applying(
                permissions(yaml), Map.of("kuma.io/service", "web")))
        .extracting(Resource::name)
        .containsExactly("b-mesh", "z-mesh", "a-service");
    assertThat(
            MeshTrafficPermissionRules.of(
                    MeshTrafficPermissionRules.applying(
                        permissions(yaml), Map.of("kuma.io/service", "web")),
                    MTLS)
                .rules())
        .singleElement()
        .satisfies(r -> assertThat(r.name()).isEqualTo("a-service"))
        .satisfies(r -> assertThat(r.action()).isEqualTo(Action.ALLOW));
  }

  @Test
  void aMeshItemAloneIsOneRuleForAnyClient() {
    assertThat(rules(permission("p", "kind: Mesh", "kind: Mesh\n      default: {action: ALLOW}")))
        .containsExactly("ALLOW any");
  }

  @Test
  void disjointServicesGiveOneRuleEach() {
    assertThat(
            rules(
                permission(
                    "p",
                    "kind: Mesh",
                    "kind: MeshService\n        name: a\n      default: {action: ALLOW}",
                    "kind: MeshService\n        name: b\n      default: {action: DENY}")))
        .containsExactly("ALLOW spiffe://default/a", "DENY spiffe://default/b");
  }

  @Test
  void aLaterMoreSpecificItemOverridesInsideItsSubsetAndNegationsCoverTheRest() {
    assertThat(
            rules(
                permission(
                    "p",
                    "kind: Mesh",
                    "kind: Mesh\n      default: {action: DENY}",
                    "kind: MeshService\n        name: a\n      default: {action: ALLOW_WITH_SHADOW_DENY}")))
        .containsExactly(
            "ALLOW_WITH_SHADOW_DENY spiffe://default/a", "DENY any!spiffe://default/a");
  }

  @Test
  void subsetsOfDifferentKeysCombineWithEveryNegation() {
    assertThat(
            rules(
                permission(
                    "p",
                    "kind: Mesh",
                    "kind: MeshService\n        name: a\n      default: {action: ALLOW}",
                    "kind: MeshSubset\n        tags: {version: v0}\n      default: {action: DENY}")))
        .containsExactly(
            "DENY spiffe://default/a+kuma://version/v0",
            "DENY kuma://version/v0!spiffe://default/a",
            "ALLOW spiffe://default/a!kuma://version/v0");
  }

  @Test
  void candidatesKeepOneRequiredValuePerKeyAndDropItsNegations() {
    List<Tag> tags =
        List.of(
            new Tag("kuma.io/service", "a", false),
            new Tag("kuma.io/service", "b", false),
            new Tag("version", "v1", false));
    assertThat(MeshTrafficPermissionRules.candidates(tags))
        .extracting(Object::toString)
        .containsExactly(
            "[kuma.io/service=a, version=v1]",
            "[kuma.io/service=a, version!=v1]",
            "[kuma.io/service=b, version=v1]",
            "[kuma.io/service=b, version!=v1]",
            "[kuma.io/service!=a, kuma.io/service!=b, version=v1]",
            "[kuma.io/service!=a, kuma.io/service!=b, version!=v1]");
  }

  @Test
  void tooManyTagsInOneGroupAreRefused() {
    String[] items =
        IntStream.rangeClosed(0, MeshTrafficPermissionRules.MAX_TAGS_PER_GROUP)
            .mapToObj(
                i ->
                    "kind: MeshSubset\n        tags: {k"
                        + i
                        + ": v}\n      default: {action: ALLOW}")
            .toArray(String[]::new);
    assertThatThrownBy(() -> rules(permission("p", "kind: Mesh", items)))
        .hasMessageContaining("at most 16");
  }
}
