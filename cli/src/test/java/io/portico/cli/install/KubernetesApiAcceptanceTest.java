package io.portico.cli.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.portico.cli.CliRunner;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.types.KubernetesKinds.KubernetesKind;
import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The printed objects read as fabric8's typed models without a single unknown field (a misspelt
 * field would land in an {@code additionalProperties} map), and the fabric8 API server mock in CRUD
 * mode accepts them: every object is created, each CRD then serves its custom resource in its
 * scope, and MeshGatewayInstance's status is written through its subresource (spec/kubernetes.md
 * §11 lists what the mock does and does not check: no OpenAPI validation, no defaulting).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesApiAcceptanceTest {
  /** The mock logs every request at INFO through java.util.logging; kept so the level sticks. */
  private static final Logger MOCK_LOG = quiet(Logger.getLogger("io.fabric8.mockwebserver"));

  KubernetesClient client;

  @TempDir Path home;

  private String installControlPlane() {
    CliRunner.Result result =
        new CliRunner(home, InstallGoldenTest.NOW).run("install", "control-plane");
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result.out();
  }

  private List<HasMetadata> load(String yaml) {
    return client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
  }

  @Test
  void everyObjectReadsAsItsTypedModelWithNoUnknownField() throws Exception {
    List<HasMetadata> objects = load(installControlPlane());

    assertThat(objects).hasSize(ParsedManifest.parse(installControlPlane()).objects().size());
    List<String> unknown = new ArrayList<>();
    for (HasMetadata object : objects) {
      assertThat(object).isNotInstanceOf(GenericKubernetesResource.class);
      collectUnknownFields(
          object, object.getKind() + " " + object.getMetadata().getName(), unknown);
    }
    assertThat(unknown).isEmpty();
  }

  @Test
  void aMisspeltFieldIsReportedByTheUnknownFieldCheck() throws Exception {
    String yaml =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: x
        spec:
          template:
            spec:
              servicAccountName: typo
              containers:
              - name: c
                imagePullPolicy: IfNotPresent
                readinessProbe:
                  httpGet:
                    path: /ready
                    prot: 5680
        """;
    List<String> unknown = new ArrayList<>();

    collectUnknownFields(load(yaml).get(0), "Deployment x", unknown);

    assertThat(unknown)
        .containsExactlyInAnyOrder(
            "Deployment x.getSpec.getTemplate.getSpec: [servicAccountName]",
            "Deployment x.getSpec.getTemplate.getSpec.getContainers[0].getReadinessProbe"
                + ".getHttpGet: [prot]");
  }

  @Test
  void theApiServerAcceptsEveryObjectAndServesEveryCustomResource() {
    List<HasMetadata> objects = load(installControlPlane());
    for (HasMetadata object : objects) {
      client.resource(object).create();
    }

    for (KubernetesKind kind : CustomResourceDefinitions.kinds()) {
      MixedOperation<GenericKubernetesResource, ?, Resource<GenericKubernetesResource>> resources =
          client.genericKubernetesResources(context(kind));
      GenericKubernetesResource resource =
          new GenericKubernetesResourceBuilder()
              .withApiVersion(KubernetesKinds.API_VERSION)
              .withKind(kind.kind())
              .withNewMetadata()
              .withName("sample")
              .endMetadata()
              .build();
      resource.setAdditionalProperty(kind.bodyField(), Map.of("sample", "value"));
      if (kind.isNamespaced()) {
        resources.inNamespace("kuma-system").resource(resource).create();
        assertThat(resources.inNamespace("kuma-system").withName("sample").get())
            .as(kind.typeName())
            .isNotNull();
      } else {
        resources.resource(resource).create();
        assertThat(resources.withName("sample").get()).as(kind.typeName()).isNotNull();
      }
    }
    assertThat(client.namespaces().withName("kuma-system").get().getMetadata().getLabels())
        .containsEntry("kuma.io/system-namespace", "true");
    assertThat(client.apps().deployments().inNamespace("kuma-system").list().getItems())
        .extracting(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getName())
        .containsExactly("control-plane");
  }

  @Test
  void meshGatewayInstanceStatusIsWrittenThroughItsSubresource() {
    for (HasMetadata object : load(installControlPlane())) {
      client.resource(object).create();
    }
    KubernetesKind instanceKind = KubernetesKinds.of("MeshGatewayInstance").orElseThrow();
    Resource<GenericKubernetesResource> edge =
        client
            .genericKubernetesResources(context(instanceKind))
            .inNamespace("default")
            .withName("edge");
    GenericKubernetesResource instance =
        new GenericKubernetesResourceBuilder()
            .withApiVersion(KubernetesKinds.API_VERSION)
            .withKind("MeshGatewayInstance")
            .withNewMetadata()
            .withName("edge")
            .withNamespace("default")
            .endMetadata()
            .build();
    instance.setAdditionalProperty(
        "spec", Map.of("replicas", 2, "tags", Map.of("kuma.io/service", "edge")));
    client
        .genericKubernetesResources(context(instanceKind))
        .inNamespace("default")
        .resource(instance)
        .create();

    GenericKubernetesResource withStatus = edge.get();
    withStatus.setAdditionalProperty(
        "status", Map.of("conditions", List.of(Map.of("type", "Ready"))));
    instances(instanceKind).resource(withStatus).updateStatus();
    GenericKubernetesResource afterSpecUpdate = edge.get();
    afterSpecUpdate.setAdditionalProperty("status", Map.of());
    afterSpecUpdate.setAdditionalProperty(
        "spec", Map.of("replicas", 3, "tags", Map.of("kuma.io/service", "edge")));
    instances(instanceKind).resource(afterSpecUpdate).update();

    GenericKubernetesResource read = edge.get();
    assertThat(read.getAdditionalProperties().get("status"))
        .as("a write of the main resource keeps the status")
        .isEqualTo(Map.of("conditions", List.of(Map.of("type", "Ready"))));
    assertThat(((Map<?, ?>) read.getAdditionalProperties().get("spec")).get("replicas"))
        .isEqualTo(3);
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          GenericKubernetesResource, ?, Resource<GenericKubernetesResource>>
      instances(KubernetesKind kind) {
    return client.genericKubernetesResources(context(kind)).inNamespace("default");
  }

  private static Logger quiet(Logger logger) {
    logger.setLevel(Level.WARNING);
    return logger;
  }

  private static ResourceDefinitionContext context(KubernetesKind kind) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(KubernetesKinds.GROUP)
        .withVersion(KubernetesKinds.VERSION)
        .withKind(kind.kind())
        .withPlural(kind.plural())
        .withNamespaced(kind.isNamespaced())
        .build();
  }

  /**
   * Walks a fabric8 model object through its getters and records the path of every non-empty {@code
   * additionalProperties} map: a field the model does not know.
   */
  private static void collectUnknownFields(Object value, String path, List<String> unknown)
      throws IllegalAccessException, InvocationTargetException {
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        collectUnknownFields(item, path + "[" + i++ + "]", unknown);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        collectUnknownFields(entry.getValue(), path + "[" + entry.getKey() + "]", unknown);
      }
      return;
    }
    if (!(value instanceof KubernetesResource)
        && (value == null
            || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model"))) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || getter.getDeclaringClass() == Object.class
          || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
        continue;
      }
      Object field = getter.invoke(value);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
          unknown.add(path + ": " + extra.keySet());
        }
        continue;
      }
      collectUnknownFields(field, path + "." + getter.getName(), unknown);
    }
  }
}
