package io.portico.cli.install;

import static io.portico.cli.install.ParsedManifest.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.cli.CliRunner;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.types.KubernetesKinds.KubernetesKind;
import io.portico.mesh.api.types.KubernetesKinds.MeshPlacement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code install crds} and the places that must name every custom resource: one CRD per custom
 * resource of {@link KubernetesKinds}, the ClusterRole, the webhook rules.
 */
class CustomResourceDefinitionsTest {
  /**
   * Kuma 2.0.8's plurals of the kinds Portico keeps (spec/kubernetes.md §2.2), sorted: what {@code
   * kubectl get <plural>} and Kuma's webhook and RBAC rules use.
   */
  static final List<String> KUMA_PLURALS =
      List.of(
          "circuitbreakers",
          "dataplaneinsights",
          "dataplanes",
          "externalservices",
          "faultinjections",
          "healthchecks",
          "meshaccesslogs",
          "meshes",
          "meshgatewayinstances",
          "meshgatewayroutes",
          "meshgateways",
          "meshtraces",
          "meshtrafficpermissions",
          "proxytemplates",
          "ratelimits",
          "retries",
          "timeouts",
          "trafficlogs",
          "trafficpermissions",
          "trafficroutes",
          "traffictraces",
          "virtualoutbounds",
          "zoneegresses",
          "zoneingresses",
          "zones");

  @TempDir Path home;

  private ParsedManifest crds() {
    CliRunner.Result result = new CliRunner(home, InstallGoldenTest.NOW).run("install", "crds");
    assertThat(result.exitCode()).as(result.err()).isZero();
    return ParsedManifest.parse(result.out());
  }

  private static List<KubernetesKind> customResources() {
    return KubernetesKinds.all().stream().filter(k -> !k.isSecret()).toList();
  }

  @Test
  void everyCustomResourceOfKubernetesKindsHasItsCrd() {
    ParsedManifest crds = crds();

    assertThat(crds.objects()).hasSize(customResources().size());
    for (KubernetesKind kind : customResources()) {
      JsonNode crd = crds.get("CustomResourceDefinition", kind.crdName());
      JsonNode spec = crd.path("spec");
      assertThat(crd.path("apiVersion").asText()).isEqualTo("apiextensions.k8s.io/v1");
      assertThat(spec.path("group").asText()).isEqualTo("kuma.io");
      assertThat(spec.path("names").path("kind").asText()).isEqualTo(kind.kind());
      assertThat(spec.path("names").path("listKind").asText()).isEqualTo(kind.kind() + "List");
      assertThat(spec.path("names").path("plural").asText()).isEqualTo(kind.plural());
      assertThat(spec.path("names").path("singular").asText()).isEqualTo(kind.singular());
      assertThat(strings(spec.path("names").path("categories"))).containsExactly("kuma");
      assertThat(spec.path("scope").asText())
          .as(kind.typeName())
          .isEqualTo(kind.isNamespaced() ? "Namespaced" : "Cluster");
      assertThat(spec.path("versions")).hasSize(1);
      JsonNode version = spec.path("versions").get(0);
      assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
      assertThat(version.path("served").asBoolean()).isTrue();
      assertThat(version.path("storage").asBoolean()).isTrue();
      JsonNode properties = version.path("schema").path("openAPIV3Schema").path("properties");
      assertThat(
              properties
                  .path(kind.bodyField())
                  .path("x-kubernetes-preserve-unknown-fields")
                  .asBoolean())
          .as("%s.%s keeps what it is given", kind.typeName(), kind.bodyField())
          .isTrue();
      assertThat(properties.has("mesh"))
          .as("%s declares mesh", kind.typeName())
          .isEqualTo(kind.mesh() == MeshPlacement.FIELD || kind.mesh() == MeshPlacement.NONE);
      assertThat(version.has("subresources"))
          .as("%s has the status subresource", kind.typeName())
          .isEqualTo(kind.hasStatusSubresource());
    }
  }

  @Test
  void crdsAreSortedByPlural() {
    List<String> plurals =
        crds().objects().stream()
            .map(c -> c.path("spec").path("names").path("plural").asText())
            .toList();

    assertThat(plurals).isSortedAccordingTo(String::compareTo);
  }

  @Test
  void onlyMeshGatewayInstanceHasAStatusSubresourceAndSpecDefaults() {
    ParsedManifest crds = crds();

    List<String> withStatus = new ArrayList<>();
    for (JsonNode crd : crds.objects()) {
      if (crd.path("spec").path("versions").get(0).has("subresources")) {
        withStatus.add(crd.path("metadata").path("name").asText());
      }
    }
    assertThat(withStatus).containsExactly("meshgatewayinstances.kuma.io");
    JsonNode properties =
        crds.get("CustomResourceDefinition", "meshgatewayinstances.kuma.io")
            .path("spec")
            .path("versions")
            .get(0)
            .path("schema")
            .path("openAPIV3Schema")
            .path("properties");
    assertThat(properties.path("status").path("x-kubernetes-preserve-unknown-fields").asBoolean())
        .isTrue();
    JsonNode spec = properties.path("spec").path("properties");
    assertThat(spec.path("replicas").path("default").asInt()).isEqualTo(1);
    assertThat(spec.path("replicas").path("minimum").asInt()).isEqualTo(1);
    assertThat(spec.path("serviceType").path("default").asText()).isEqualTo("LoadBalancer");
    assertThat(strings(spec.path("serviceType").path("enum")))
        .containsExactly("LoadBalancer", "ClusterIP", "NodePort");
  }

  @Test
  void dataplaneInsightKeepsItsBodyInStatusWithoutASubresource() {
    JsonNode version =
        crds()
            .get("CustomResourceDefinition", "dataplaneinsights.kuma.io")
            .path("spec")
            .path("versions")
            .get(0);

    JsonNode properties = version.path("schema").path("openAPIV3Schema").path("properties");
    assertThat(properties.has("status")).isTrue();
    assertThat(properties.has("spec")).isFalse();
    assertThat(version.has("subresources")).isFalse();
  }

  @Test
  void controlPlaneInstallCarriesTheSameCrds() {
    ParsedManifest crds = crds();
    CliRunner.Result result =
        new CliRunner(home, InstallGoldenTest.NOW).run("install", "control-plane");

    assertThat(ParsedManifest.parse(result.out()).ofKind("CustomResourceDefinition"))
        .isEqualTo(crds.objects());
  }

  @Test
  void clusterRoleGrantsEveryCustomResourceAndTheStatusOfGatewayInstances() {
    List<String> kumaResources = new ArrayList<>();
    for (ControlPlaneRbac.Rule rule : ControlPlaneRbac.clusterRules()) {
      if (rule.apiGroups().contains("kuma.io")) {
        kumaResources.addAll(rule.resources());
        if (rule.resources().contains("meshes")) {
          assertThat(rule.verbs()).containsExactlyElementsOf(ControlPlaneRbac.ALL);
        }
      }
    }

    assertThat(kumaResources)
        .containsAll(customResources().stream().map(KubernetesKind::plural).toList())
        .contains("meshgatewayinstances", "meshgatewayinstances/status");
    assertThat(ControlPlaneRbac.clusterRules())
        .noneMatch(r -> r.apiGroups().contains("gateway.networking.k8s.io"));
  }

  @Test
  void roleGrantsSecretsConfigMapsAndLeasesButNoPodDeletion() {
    assertThat(ControlPlaneRbac.namespaceRules())
        .extracting(ControlPlaneRbac.Rule::resources)
        .containsExactly(List.of("secrets", "configmaps"), List.of("leases"));
  }

  @Test
  void webhookRulesNameOnlyKumaResources() {
    List<String> plurals = customResources().stream().map(KubernetesKind::plural).toList();

    assertThat(AdmissionWebhooks.ownedByMeshResources())
        .isSubsetOf(plurals)
        .contains("meshtrafficpermissions", "trafficpermissions")
        .doesNotContain("dataplanes", "dataplaneinsights", "meshes", "meshgatewayinstances");
    assertThat(AdmissionWebhooks.defaultedResources())
        .containsExactly("meshaccesslogs", "meshes", "meshtraces", "meshtrafficpermissions");
    assertThat(AdmissionWebhooks.VALIDATED_RESOURCES)
        .isSubsetOf(Stream.concat(KUMA_PLURALS.stream(), Stream.of("containerpatches")).toList())
        .contains("meshgatewayinstances")
        .doesNotContain("gatewayinstances");
  }

  @Test
  void crdPluralsAreKumas() {
    assertThat(CustomResourceDefinitions.kinds())
        .extracting(KubernetesKind::plural)
        .isEqualTo(KUMA_PLURALS);
  }

  @Test
  void onlyMissingIsRefusedWithTheKubectlLineThatDoesIt() {
    CliRunner.Result result =
        new CliRunner(home, InstallGoldenTest.NOW).run("install", "crds", "--only-missing");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .startsWith("Error: --only-missing needs a connection to the cluster")
        .contains("porticoctl install crds | kubectl create -f -");
  }
}
