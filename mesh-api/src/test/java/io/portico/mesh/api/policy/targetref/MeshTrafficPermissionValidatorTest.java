package io.portico.mesh.api.policy.targetref;

import static io.portico.mesh.api.policy.Violations.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.portico.mesh.api.policy.Violations;
import io.portico.mesh.api.validation.ValidationException;
import io.portico.mesh.api.validation.Violation;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** MeshTrafficPermission rules, and the targetRef field rules of every kind (spec/core.md §4.1). */
class MeshTrafficPermissionValidatorTest {
  private static final String FROM_MESH =
      "from: [{targetRef: {kind: Mesh}, default: {action: ALLOW}}]";

  private static String mtp(String spec) {
    return "type: MeshTrafficPermission\nmesh: default\nname: mtp\nspec: " + spec + "\n";
  }

  private static String top(String targetRef) {
    return mtp("{targetRef: " + targetRef + ", " + FROM_MESH + "}");
  }

  private static String from(String item) {
    return mtp("{targetRef: {kind: Mesh}, from: [" + item + "]}");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments(
            "targetRefIsRequired",
            mtp("{" + FROM_MESH + "}"),
            List.of(v("spec.targetRef", "must be set"))),
        arguments(
            "kindIsRequired",
            top("{name: backend}"),
            List.of(v("spec.targetRef.kind", "must be set"))),
        arguments(
            "everyKindIsAllowedAtTheTop", top("{kind: MeshGatewayRoute, name: r}"), List.of()),
        arguments(
            "fromIsRequired",
            mtp("{targetRef: {kind: Mesh}}"),
            List.of(v("spec.from", "needs at least one item"))),
        arguments(
            "fromTargetRefIsRequired",
            from("{default: {action: ALLOW}}"),
            List.of(v("spec.from[0].targetRef", "must be set"))),
        arguments(
            "fromKindIsRequired",
            from("{targetRef: {}, default: {action: ALLOW}}"),
            List.of(v("spec.from[0].targetRef.kind", "must be set"))),
        arguments(
            "fromRejectsMeshGatewayRoute",
            from("{targetRef: {kind: MeshGatewayRoute, name: r}, default: {action: ALLOW}}"),
            List.of(v("spec.from[0].targetRef.kind", "value is not supported"))),
        arguments(
            "fromDefaultIsRequired",
            from("{targetRef: {kind: Mesh}}"),
            List.of(v("spec.from[0].default", "must be defined"))),
        arguments(
            "actionIsRequired",
            from("{targetRef: {kind: Mesh}, default: {}}"),
            List.of(v("spec.from[0].default.action", "must be defined"))),
        arguments(
            "meshTakesNoName",
            top("{kind: Mesh, name: default}"),
            List.of(v("spec.targetRef.name", "using name with kind Mesh is not yet supported"))),
        arguments(
            "meshTakesNoTags",
            top("{kind: Mesh, tags: {version: v1}}"),
            List.of(v("spec.targetRef.tags", "cannot be set with kind Mesh"))),
        arguments(
            "meshSubsetTakesNoName",
            top("{kind: MeshSubset, name: a, tags: {version: v1}}"),
            List.of(v("spec.targetRef.name", "cannot be set with kind MeshSubset"))),
        arguments(
            "meshServiceNeedsAName",
            top("{kind: MeshService}"),
            List.of(v("spec.targetRef.name", "must be set with kind MeshService"))),
        arguments(
            "meshServiceTakesNoTags",
            top("{kind: MeshService, name: a, tags: {version: v1}}"),
            List.of(v("spec.targetRef.tags", "cannot be set with kind MeshService"))),
        arguments(
            "meshServiceSubsetNeedsAName",
            top("{kind: MeshServiceSubset, tags: {version: v1}}"),
            List.of(v("spec.targetRef.name", "must be set with kind MeshServiceSubset"))),
        arguments(
            "meshGatewayRouteNeedsAName",
            top("{kind: MeshGatewayRoute}"),
            List.of(v("spec.targetRef.name", "must be set with kind MeshGatewayRoute"))),
        arguments(
            "meshIsReserved",
            from("{targetRef: {kind: MeshService, name: a, mesh: other}, default: {action: DENY}}"),
            List.of(v("spec.from[0].targetRef.mesh", "cannot be set with kind MeshService"))),
        arguments(
            "subsetTagsAreSelectors",
            top("{kind: MeshSubset, tags: {version: 'v 1'}}"),
            List.of(
                v(
                    "spec.targetRef.tags[\"version\"]",
                    "tag value must consist of alphanumeric characters, dots, dashes, slashes and"
                        + " underscores or be \"*\""))),
        arguments(
            "everyFromItemIsChecked",
            mtp(
                "{targetRef: {kind: Mesh}, from: [{targetRef: {kind: Mesh}, default: {action:"
                    + " ALLOW}}, {targetRef: {kind: MeshService}, default: {action: DENY}}]}"),
            List.of(v("spec.from[1].targetRef.name", "must be set with kind MeshService"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleIsEnforced(String rule, String yaml, List<Violation> expected) {
    assertThat(Violations.of(yaml)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void actionIsOneOfAllowDenyAllowWithShadowDeny() {
    assertThatThrownBy(
            () -> Violations.of(from("{targetRef: {kind: Mesh}, default: {action: PERMIT}}")))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.violations())
                    .containsExactly(
                        v(
                            "spec.from[0].default.action",
                            "unknown value \"PERMIT\": expected one of ALLOW, DENY,"
                                + " ALLOW_WITH_SHADOW_DENY")));
  }

  @Test
  void kindOutsideTheFiveIsReportedUnderSpec() {
    assertThatThrownBy(() -> Violations.of(top("{kind: MeshHTTPRoute, name: r}")))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.violations())
                    .containsExactly(
                        v(
                            "spec.targetRef.kind",
                            "unknown value \"MeshHTTPRoute\": expected one of Mesh, MeshSubset,"
                                + " MeshService, MeshServiceSubset, MeshGatewayRoute")));
  }
}
