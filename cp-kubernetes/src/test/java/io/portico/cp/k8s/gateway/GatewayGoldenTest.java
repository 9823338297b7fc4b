package io.portico.cp.k8s.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.portico.cp.k8s.KubernetesSettings;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import io.portico.mesh.api.types.ResourceTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files of the MeshGatewayInstance controller: each directory under {@code
 * src/test/resources/gateway-golden/} is a case whose {@code input.yaml} holds the objects the
 * reconcile loop would read (one MeshGatewayInstance, MeshGateways, optionally its Namespace and
 * the Service and Deployment it controls now); the expected results are {@code service.yaml} and
 * {@code deployment.yaml} (the objects once the plan is applied; absent when there is none) and
 * {@code actions.txt} (the plan, one action a line). Files are compared by content (YAML trees),
 * {@code actions.txt} by text.
 *
 * <p>Directives on the first lines of {@code input.yaml}: {@code # kubernetes: 1.21} (server
 * version, default 1.26), {@code # seed: <file>} (adds a document of {@code
 * mesh-api/src/test/resources/seed/}), {@code # settings-env-vars: K1=V1;K2=V2} (the configured
 * {@code envVars}). An instance without {@code metadata.uid}/{@code generation} gets {@link #UID}
 * and 1, as the API server would give it some.
 *
 * <p>Run with {@code -Dgolden.update=true} to rewrite the expected files, then review the diff like
 * code.
 */
class GatewayGoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/gateway-golden");
  static final Path SEED = Path.of("../mesh-api/src/test/resources/seed");
  static final String UID = "9a5d4c1e-0000-4000-8000-000000000001";
  static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  private static final ResourceCodec CODEC = ResourceCodec.standard();
  private static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(GOLDEN)) {
      return dirs
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("_"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plansAsRecorded(String name) throws IOException {
    Case c = Case.load(name);
    ReconcilePlan plan = c.planner().plan(c.input(), NOW);
    Path dir = GOLDEN.resolve(name);
    checkObject(dir.resolve("service.yaml"), plan.service());
    checkObject(dir.resolve("deployment.yaml"), plan.deployment());
    String actions = describe(plan.actions());
    Path actionsFile = dir.resolve("actions.txt");
    if (UPDATE) {
      Files.writeString(actionsFile, actions, StandardCharsets.UTF_8);
    } else {
      assertThat(actionsFile)
          .as("golden file %s (run with -Dgolden.update=true)", actionsFile)
          .exists();
      assertThat(actions).as("%s/actions.txt", name).isEqualTo(Files.readString(actionsFile));
    }
  }

  /** Once the plan is applied, the next reconcile finds nothing to do: the plan is a fixpoint. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reconcilingTheResultAgainWritesNothing(String name) throws IOException {
    Case c = Case.load(name);
    ReconcilePlan first = c.planner().plan(c.input(), NOW);
    if (first.failure().isPresent()) {
      return;
    }
    GatewayInstance applied =
        c.input().instance().withStatus(first.status().orElse(c.input().instance().status()));
    ReconcileInput again =
        new ReconcileInput(
            applied,
            c.input().namespaceAnnotations(),
            c.input().gateways(),
            first.service().map(List::of).orElse(List.of()),
            first.deployment().map(List::of).orElse(List.of()));
    ReconcilePlan second = c.planner().plan(again, NOW.plusSeconds(60));
    assertThat(second.actions()).as(name).isEmpty();
  }

  private static void checkObject(Path file, Optional<? extends HasMetadata> object)
      throws IOException {
    if (UPDATE) {
      if (object.isPresent()) {
        Files.writeString(file, FABRIC8.asYaml(object.get()), StandardCharsets.UTF_8);
      } else {
        Files.deleteIfExists(file);
      }
      return;
    }
    if (object.isEmpty()) {
      assertThat(file).as("no object is expected, so no golden file").doesNotExist();
      return;
    }
    assertThat(file).as("golden file %s (run with -Dgolden.update=true)", file).exists();
    String actual = FABRIC8.asYaml(object.get());
    JsonNode expectedTree = YAML.readTree(Files.readString(file));
    JsonNode actualTree = YAML.readTree(actual);
    assertThat(actualTree).as("%s differs:%n--- actual%n%s", file, actual).isEqualTo(expectedTree);
  }

  /** One line per action: verb, kind, namespace/name, then the patch or message. */
  static String describe(List<ReconcileAction> actions) {
    return actions.stream().map(a -> describe(a) + "\n").collect(Collectors.joining());
  }

  static String describe(ReconcileAction action) {
    if (action instanceof ReconcileAction.Create c) {
      return "Create " + ref(c.object());
    } else if (action instanceof ReconcileAction.Patch p) {
      return "Patch " + ref(p.current()) + " " + p.mergePatch();
    } else if (action instanceof ReconcileAction.Delete d) {
      return "Delete " + ref(d.object());
    } else if (action instanceof ReconcileAction.WriteStatus s) {
      return "WriteStatus MeshGatewayInstance "
          + s.namespace()
          + "/"
          + s.name()
          + " "
          + s.mergePatch();
    } else if (action instanceof ReconcileAction.Fail f) {
      return "Fail " + f.message();
    }
    throw new AssertionError(action);
  }

  private static String ref(HasMetadata object) {
    return object.getKind()
        + " "
        + object.getMetadata().getNamespace()
        + "/"
        + object.getMetadata().getName();
  }

  /** A golden case read from its directory. */
  record Case(GatewayInstancePlanner planner, ReconcileInput input) {
    static Case load(String name) throws IOException {
      String text = Files.readString(GOLDEN.resolve(name).resolve("input.yaml"));
      KubernetesVersion version = new KubernetesVersion("1", "26");
      Map<String, String> envVars = new LinkedHashMap<>();
      List<String> documents = new ArrayList<>();
      for (String line : text.split("\n", -1)) {
        if (line.startsWith("# kubernetes:")) {
          String[] v = line.substring("# kubernetes:".length()).trim().split("\\.", 2);
          version = new KubernetesVersion(v[0], v[1]);
        } else if (line.startsWith("# seed:")) {
          documents.add(Files.readString(SEED.resolve(line.substring("# seed:".length()).trim())));
        } else if (line.startsWith("# settings-env-vars:")) {
          for (String kv : line.substring("# settings-env-vars:".length()).trim().split(";")) {
            String[] pair = kv.split("=", 2);
            envVars.put(pair[0], pair[1]);
          }
        }
      }
      documents.addAll(List.of(text.split("(?m)^---\\s*$")));

      GatewayInstance instance = null;
      Map<String, String> namespaceAnnotations = Map.of();
      List<Resource<MeshGatewaySpec>> gateways = new ArrayList<>();
      List<Service> services = new ArrayList<>();
      List<Deployment> deployments = new ArrayList<>();
      for (String document : documents) {
        JsonNode tree = YAML.readTree(document);
        if (tree == null || !tree.isObject()) {
          continue;
        }
        switch (tree.path("kind").asText()) {
          case "MeshGatewayInstance" -> {
            GenericKubernetesResource object =
                FABRIC8.unmarshal(document, GenericKubernetesResource.class);
            if (object.getMetadata().getUid() == null) {
              object.getMetadata().setUid(UID);
            }
            if (object.getMetadata().getGeneration() == null) {
              object.getMetadata().setGeneration(1L);
            }
            instance = GatewayInstance.of(object, CODEC);
          }
          case "MeshGateway" ->
              gateways.add(CODEC.readResource(document).as(ResourceTypes.MESH_GATEWAY));
          case "Namespace" ->
              namespaceAnnotations =
                  FABRIC8
                      .unmarshal(document, io.fabric8.kubernetes.api.model.Namespace.class)
                      .getMetadata()
                      .getAnnotations();
          case "Service" -> services.add(FABRIC8.unmarshal(document, Service.class));
          case "Deployment" -> deployments.add(FABRIC8.unmarshal(document, Deployment.class));
          default ->
              throw new IllegalArgumentException(
                  name + ": unexpected document kind " + tree.path("kind"));
        }
      }
      assertThat(instance).as("%s has a MeshGatewayInstance", name).isNotNull();
      KubernetesSettings defaults = KubernetesSettings.defaults();
      KubernetesSettings.SidecarContainer d = defaults.sidecar();
      KubernetesSettings settings =
          new KubernetesSettings(
              defaults.systemNamespace(),
              defaults.controlPlaneServiceName(),
              defaults.serviceAccountName(),
              defaults.dpServerPort(),
              defaults.admissionServer(),
              new KubernetesSettings.SidecarContainer(
                  d.image(),
                  d.uid(),
                  d.gid(),
                  d.adminPort(),
                  d.drainTime(),
                  d.readinessProbe(),
                  d.livenessProbe(),
                  d.resources(),
                  envVars),
              defaults.controlPlaneCaCertPem(),
              defaults.injectionExceptionLabels(),
              defaults.zoneName());
      return new Case(
          new GatewayInstancePlanner(settings, version),
          new ReconcileInput(instance, namespaceAnnotations, gateways, services, deployments));
    }
  }
}
