package io.portico.mesh.api.gateway;

import static io.portico.mesh.api.ValidationCases.v;
import static io.portico.mesh.api.ValidationCases.violationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.mesh.api.ValidationCases;
import io.portico.mesh.api.validation.ValidationException;
import org.junit.jupiter.api.Test;

/** MeshGatewayInstance rules (spec/gateway.md §1.5). */
class MeshGatewayInstanceValidatorTest {
  static String instance(String spec) {
    return "apiVersion: kuma.io/v1alpha1\nkind: MeshGatewayInstance\nmetadata:\n  name: gw\n"
        + "spec:\n"
        + spec.indent(2);
  }

  @Test
  void zeroReplicasAreRejected() {
    assertThat(violationsOf(instance("replicas: 0\ntags:\n  kuma.io/service: gw\n")))
        .containsExactly(v("replicas", "must be greater than or equal to 1"));
  }

  @Test
  void tagsWithoutServiceAreRejected() {
    assertThat(violationsOf(instance("tags:\n  team: a\n")))
        .containsExactly(v("tags", "mandatory tag \"kuma.io/service\" is missing"));
  }

  @Test
  void missingTagsAreRejected() {
    assertThat(violationsOf(instance("replicas: 2\n")))
        .containsExactly(
            v("tags", "must have at least one tag"),
            v("tags", "mandatory tag \"kuma.io/service\" is missing"));
  }

  @Test
  void tagsFollowDataplaneCharset() {
    assertThat(violationsOf(instance("tags:\n  kuma.io/service: gw\n  path: a/b\n")))
        .containsExactly(
            v(
                "tags[\"path\"]",
                "tag value must consist of alphanumeric characters, dots, dashes and underscores"));
  }

  @Test
  void templatesMustBeObjects() {
    assertThat(
            violationsOf(
                instance("tags:\n  kuma.io/service: gw\nresources: big\nserviceTemplate: [a]\n")))
        .containsExactly(
            v("resources", "must be an object"), v("serviceTemplate", "must be an object"));
  }

  @Test
  void aPodTemplateWithKumasFieldsIsAccepted() {
    assertThat(
            violationsOf(
                instance(
                    """
                    tags:
                      kuma.io/service: gw
                    podTemplate:
                      metadata:
                        labels: {team: a}
                        annotations: {x: "1"}
                      spec:
                        serviceAccountName: gw
                        securityContext: {fsGroup: 2000}
                        container:
                          securityContext: {readOnlyRootFilesystem: true}
                    """)))
        .isEmpty();
  }

  @Test
  void everyPodTemplateProblemIsNamed() {
    assertThat(
            violationsOf(
                instance(
                    """
                    tags:
                      kuma.io/service: gw
                    podTemplate:
                      metadata:
                        labels: {team: 1}
                        name: x
                      spec:
                        serviceAccountName: [a]
                        securityContext: {fsGroup: -1, runAsUser: 0}
                        container:
                          securityContext: {readOnlyRootFilesystem: "yes"}
                        containers: []
                    """)))
        .containsExactly(
            v("podTemplate.metadata.name", "unknown field: expected one of labels, annotations"),
            v("podTemplate.metadata.labels[\"team\"]", "must be a string"),
            v(
                "podTemplate.spec.containers",
                "unknown field: expected one of serviceAccountName, securityContext, container"),
            v("podTemplate.spec.serviceAccountName", "must be a string"),
            v(
                "podTemplate.spec.securityContext.runAsUser",
                "unknown field: expected one of fsGroup"),
            v("podTemplate.spec.securityContext.fsGroup", "must be a group id (an integer >= 0)"),
            v(
                "podTemplate.spec.container.securityContext.readOnlyRootFilesystem",
                "must be true or false"));
  }

  @Test
  void unknownServiceTypeNamesTheAllowedOnes() {
    assertThatThrownBy(
            () ->
                ValidationCases.CODEC.readResource(
                    instance("serviceType: ExternalName\ntags:\n  kuma.io/service: gw\n")))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.violations().get(0).message())
                    .isEqualTo(
                        "unknown value \"ExternalName\": expected one of LoadBalancer, ClusterIP,"
                            + " NodePort"));
  }

  @Test
  void nodePortInstanceIsAcceptedAndRoundTrips() {
    var resource =
        ValidationCases.CODEC.readResource(
            instance("replicas: 3\nserviceType: NodePort\ntags:\n  kuma.io/service: gw\n"));
    assertThat(violationsOf(resource)).isEmpty();
    String json = ValidationCases.CODEC.toJson(resource);
    assertThat(json).contains("\"serviceType\" : \"NodePort\"").contains("\"replicas\" : 3");
    assertThat(ValidationCases.CODEC.readResource(json).spec()).isEqualTo(resource.spec());
  }
}
