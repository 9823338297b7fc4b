package io.portico.cp.k8s.webhook;

import static io.portico.cp.k8s.webhook.Requests.response;
import static io.portico.cp.k8s.webhook.Requests.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.cp.k8s.KubernetesSettings;
import io.portico.cp.store.manager.ResourceManager;
import io.portico.cp.store.memory.MemoryStore;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.types.ResourceTypes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /validate-kuma-io-v1alpha1}: one test per refusal of spec/kubernetes.md §7.3 and the §7.4
 * rows of Kuma kinds, with the exact response, and the cases that pass.
 */
class ResourceValidationWebhookTest {
  private static final ResourceCodec CODEC = ResourceCodec.standard();
  private static final KubernetesSettings SETTINGS = KubernetesSettings.defaults();

  private final MemoryStore store =
      new MemoryStore(Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC));
  private final ResourceManager manager = new ResourceManager(store, ResourceTypes.standard());
  private final FakeCluster cluster = new FakeCluster().mesh("default", "uid-default");

  @AfterEach
  void closeStore() {
    store.close();
  }

  private ResourceValidationWebhook webhook(ControlPlaneMode mode, boolean unsafeDelete) {
    return new ResourceValidationWebhook(
        SETTINGS, mode, unsafeDelete, CODEC, manager::validate, cluster);
  }

  private String answer(Requests.Builder request) {
    return answer(ControlPlaneMode.STANDALONE, request);
  }

  private String answer(ControlPlaneMode mode, Requests.Builder request) {
    return AdmissionReview.answer(webhook(mode, false), request.json());
  }

  private static void assertAllowed(String answer) {
    assertThat(response(answer))
        .isEqualTo(
            tree("{\"uid\":\"" + Requests.UID + "\",\"allowed\":true,\"status\":{\"code\":200}}"));
  }

  /** Denied (§7.2) with the text in both {@code reason} and {@code message} (D9). */
  private static void assertDenied(String answer, String text) {
    assertThat(response(answer))
        .isEqualTo(
            tree(
                "{\"uid\":\""
                    + Requests.UID
                    + "\",\"allowed\":false,\"status\":{\"code\":403,\"reason\":\""
                    + text
                    + "\",\"message\":\""
                    + text
                    + "\"}}"));
  }

  private static void assertResponse(String answer, String expected) {
    assertThat(response(answer)).isEqualTo(tree(expected));
  }

  private static final String TRAFFIC_PERMISSION =
      """
      {"apiVersion":"kuma.io/v1alpha1","kind":"TrafficPermission","mesh":"default",
       "metadata":{"name":"allow-all"},
       "spec":{"sources":[{"match":{"kuma.io/service":"*"}}],
               "destinations":[{"match":{"kuma.io/service":"*"}}]}}
      """;

  // ------------------------------------------------------------------ §7.3 step 1

  @Test
  void kindOutsideTheKumaRegistryIsAllowed() {
    assertAllowed(
        answer(
            Requests.kuma("MeshGatewayConfig", "meshgatewayconfigs")
                .create(
                    "{\"apiVersion\":\"kuma.io/v1alpha1\",\"kind\":\"MeshGatewayConfig\","
                        + "\"metadata\":{\"name\":\"x\"},\"spec\":{\"anything\":1}}")));
  }

  @Test
  void coreKindNamedLikeAKumaTypeIsNotValidatedHere() {
    assertAllowed(
        answer(
            Requests.core("Secret", "secrets")
                .create(
                    "{\"apiVersion\":\"v1\",\"kind\":\"Secret\","
                        + "\"metadata\":{\"name\":\"s\",\"namespace\":\"kuma-system\"}}")));
  }

  // ------------------------------------------------------------------ §7.3 step 2

  @Test
  void zoneRefusesPoliciesSyncedFromTheGlobal() {
    String answer =
        answer(
            ControlPlaneMode.ZONE,
            Requests.kuma("TrafficPermission", "trafficpermissions").create(TRAFFIC_PERMISSION));
    assertResponse(
        answer,
        """
        {"uid":"%s","allowed":false,
         "status":{"status":"Failure","code":403,"reason":"Forbidden",
           "message":"Operation not allowed. Kuma resources like TrafficPermission can be updated or deleted only from the GLOBAL control plane and not from a ZONE control plane.",
           "details":{"causes":[{"reason":"FieldValueInvalid","message":"cannot be empty","field":"metadata.annotations[kuma.io/synced]"}]}}}
        """
            .formatted(Requests.UID));
  }

  @Test
  void globalRefusesDataplanesSyncedFromZones() {
    String answer =
        answer(
            ControlPlaneMode.GLOBAL,
            Requests.kuma("Dataplane", "dataplanes").namespace("default").name("web").delete(null));
    assertThat(response(answer).path("status").path("message").asText())
        .isEqualTo(
            "Operation not allowed. Kuma resources like Dataplane can be updated or deleted only"
                + " from the ZONE control plane and not from a GLOBAL control plane.");
  }

  @Test
  void controlPlaneServiceAccountIsLetThrough() {
    String answer =
        answer(
            ControlPlaneMode.ZONE,
            Requests.kuma("TrafficPermission", "trafficpermissions")
                .user(SETTINGS.serviceAccountName())
                .create(TRAFFIC_PERMISSION));
    assertAllowed(answer);
  }

  @Test
  void garbageCollectorIsLetThrough() {
    String answer =
        answer(
            ControlPlaneMode.ZONE,
            Requests.kuma("TrafficPermission", "trafficpermissions")
                .name("allow-all")
                .user("system:serviceaccount:kube-system:generic-garbage-collector")
                .delete(TRAFFIC_PERMISSION));
    assertAllowed(answer);
  }

  @Test
  void standaloneRefusesNoKindToUsers() {
    assertAllowed(
        answer(
            Requests.kuma("TrafficPermission", "trafficpermissions").create(TRAFFIC_PERMISSION)));
  }

  // ------------------------------------------------------------------ §7.3 step 3, §7.4 Mesh
  // delete

  @Test
  void deleteIsAllowed() {
    assertAllowed(
        answer(
            Requests.kuma("TrafficPermission", "trafficpermissions")
                .name("allow-all")
                .delete(TRAFFIC_PERMISSION)));
  }

  @Test
  void meshWithDataplanesIsNotDeleted() {
    cluster.dataplane("default", "web-1", "default", "uid-dp");
    String answer = answer(Requests.kuma("Mesh", "meshes").name("default").delete(null));
    assertResponse(
        answer,
        """
        {"uid":"%s","allowed":false,
         "status":{"code":400,"message":"mesh: unable to delete mesh, there are still some dataplanes attached"}}
        """
            .formatted(Requests.UID));
  }

  @Test
  void meshWithoutDataplanesIsDeleted() {
    cluster.dataplane("default", "web-1", "other", "uid-dp");
    assertAllowed(answer(Requests.kuma("Mesh", "meshes").name("default").delete(null)));
  }

  @Test
  void unsafeDeleteDeletesMeshWithDataplanes() {
    cluster.dataplane("default", "web-1", "default", "uid-dp");
    String answer =
        AdmissionReview.answer(
            webhook(ControlPlaneMode.STANDALONE, true),
            Requests.kuma("Mesh", "meshes").name("default").delete(null).json());
    assertAllowed(answer);
  }

  // ------------------------------------------------------------------ §7.3 step 4

  @Test
  void zoneOutsideGlobalIsDenied() {
    String answer =
        answer(
            Requests.kuma("Zone", "zones")
                .create(
                    "{\"apiVersion\":\"kuma.io/v1alpha1\",\"kind\":\"Zone\","
                        + "\"metadata\":{\"name\":\"zone-1\"},\"spec\":{}}"));
    assertResponse(
        answer,
        """
        {"uid":"%s","allowed":false,
         "status":{"code":403,
           "reason":"Zone resource can only be applied on CP with mode: [global]",
           "message":"Zone resource can only be applied on CP with mode: [global]"}}
        """
            .formatted(Requests.UID));
  }

  @Test
  void zoneOnGlobalIsValidated() {
    assertAllowed(
        answer(
            ControlPlaneMode.GLOBAL,
            Requests.kuma("Zone", "zones")
                .create(
                    "{\"apiVersion\":\"kuma.io/v1alpha1\",\"kind\":\"Zone\","
                        + "\"metadata\":{\"name\":\"zone-1\"},\"spec\":{}}")));
  }

  // ------------------------------------------------------------------ §7.3 step 5

  @Test
  void bodyThatDoesNotBindIsErrored400() {
    String answer =
        answer(
            Requests.kuma("Dataplane", "dataplanes")
                .create(
                    """
                    {"apiVersion":"kuma.io/v1alpha1","kind":"Dataplane","mesh":"default",
                     "metadata":{"name":"web","namespace":"default"},
                     "spec":{"networking":"not an object"}}
                    """));
    assertResponse(
        answer,
        """
        {"uid":"%s","allowed":false,
         "status":{"code":400,
           "message":"spec.networking: expected an object but got string value ('not an object')"}}
        """
            .formatted(Requests.UID));
  }

  // ------------------------------------------------------------------ §7.3 step 6

  @Test
  void emptyMeshIsInvalid() {
    String answer =
        answer(
            Requests.kuma("TrafficPermission", "trafficpermissions")
                .create(TRAFFIC_PERMISSION.replace("\"mesh\":\"default\",", "")));
    assertResponse(
        answer,
        """
        {"uid":"%s","allowed":false,
         "status":{"status":"Failure","code":422,"reason":"Invalid","message":"mesh: cannot be empty",
           "details":{"name":"allow-all","kind":"TrafficPermission",
             "causes":[{"reason":"FieldValueInvalid","field":"mesh","message":"cannot be empty"}]}}}
        """
            .formatted(Requests.UID));
  }

  @Test
  void meshWithInvalidCharactersIsInvalid() {
    String answer =
        answer(
            Requests.kuma("TrafficPermission", "trafficpermissions")
                .create(
                    TRAFFIC_PERMISSION.replace(
                        "\"mesh\":\"default\"", "\"mesh\":\"Default.Mesh\"")));
    assertResponse(
        answer,
        """
        {"uid":"%s","allowed":false,
         "status":{"status":"Failure","code":422,"reason":"Invalid",
           "message":"mesh: invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_' symbols.",
           "details":{"name":"allow-all","kind":"TrafficPermission",
             "causes":[{"reason":"FieldValueInvalid","field":"mesh",
               "message":"invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_' symbols."}]}}}
        """
            .formatted(Requests.UID));
  }

  @Test
  void targetRefPolicyMeshLabelIsChecked() {
    String answer =
        answer(
            Requests.kuma("MeshTrace", "meshtraces")
                .create(
                    """
                    {"apiVersion":"kuma.io/v1alpha1","kind":"MeshTrace",
                     "metadata":{"name":"trace","namespace":"kuma-system","labels":{"kuma.io/mesh":"Bad"}},
                     "spec":{"targetRef":{"kind":"Mesh"}}}
                    """));
    assertThat(response(answer).path("status").path("message").asText())
        .startsWith("mesh: invalid characters.");
  }

  // ------------------------------------------------------------------ §7.3 step 7, §7.4 Mesh

  @Test
  void specViolationsAreInvalidWithEveryCauseUnderSpec() {
    String answer =
        answer(
            Requests.kuma("MeshGateway", "meshgateways")
                .create(
                    """
                    {"apiVersion":"kuma.io/v1alpha1","kind":"MeshGateway","mesh":"default",
                     "metadata":{"name":"edge"},
                     "spec":{"selectors":[{"match":{"kuma.io/service":"edge"}}],
                             "conf":{"listeners":[{"port":0,"protocol":"HTTP"},
                                                  {"port":70000,"protocol":"HTTP"}]}}}
                    """));
    assertResponse(
        answer,
        """
        {"uid":"%s","allowed":false,
         "status":{"status":"Failure","code":422,"reason":"Invalid",
           "message":"spec.conf.listeners[0].port: port must be in the range [1, 65535]; spec.conf.listeners[1].port: port must be in the range [1, 65535]",
           "details":{"name":"edge","kind":"MeshGateway",
             "causes":[{"reason":"FieldValueInvalid","field":"spec.conf.listeners[0].port","message":"port must be in the range [1, 65535]"},
                       {"reason":"FieldValueInvalid","field":"spec.conf.listeners[1].port","message":"port must be in the range [1, 65535]"}]}}}
        """
            .formatted(Requests.UID));
  }

  @Test
  void targetRefPolicyFieldsAreRootedAtSpecOnce() {
    String answer =
        answer(
            Requests.kuma("MeshTrafficPermission", "meshtrafficpermissions")
                .create(
                    """
                    {"apiVersion":"kuma.io/v1alpha1","kind":"MeshTrafficPermission",
                     "metadata":{"name":"mtp","namespace":"kuma-system"},
                     "spec":{"targetRef":{"kind":"Mesh"},"from":[]}}
                    """));
    assertResponse(
        answer,
        """
        {"uid":"%s","allowed":false,
         "status":{"status":"Failure","code":422,"reason":"Invalid",
           "message":"spec.from: needs at least one item",
           "details":{"name":"mtp","kind":"MeshTrafficPermission",
             "causes":[{"reason":"FieldValueInvalid","field":"spec.from","message":"needs at least one item"}]}}}
        """
            .formatted(Requests.UID));
  }

  @Test
  void meshCaSwitchWhileMtlsIsOnIsInvalid() {
    manager.create(
        Resource.of(
            ResourceTypes.MESH,
            "",
            "default",
            CODEC.specFromJson(
                ResourceTypes.MESH,
                "{\"mtls\":{\"enabledBackend\":\"ca-1\",\"backends\":[{\"name\":\"ca-1\",\"type\":\"builtin\"}]}}")));
    String mesh =
        """
        {"apiVersion":"kuma.io/v1alpha1","kind":"Mesh","metadata":{"name":"default"},
         "spec":{"mtls":{"enabledBackend":"%s","backends":[{"name":"%s","type":"builtin"}]}}}
        """;
    String answer =
        answer(
            Requests.kuma("Mesh", "meshes")
                .update(mesh.formatted("ca-2", "ca-2"), mesh.formatted("ca-1", "ca-1")));
    String message =
        "switching the CA from \\\"ca-1\\\" to \\\"ca-2\\\" while mTLS is on must keep both trusted:"
            + " first add the new backend, then switch enabledBackend to it, then remove the old one";
    assertResponse(
        answer,
        """
        {"uid":"%s","allowed":false,
         "status":{"status":"Failure","code":422,"reason":"Invalid",
           "message":"spec.mtls.enabledBackend: %s",
           "details":{"name":"default","kind":"Mesh",
             "causes":[{"reason":"FieldValueInvalid","field":"spec.mtls.enabledBackend","message":"%s"}]}}}
        """
            .formatted(Requests.UID, message, message));
  }

  @Test
  void validMeshIsAllowed() {
    assertAllowed(
        answer(
            Requests.kuma("Mesh", "meshes")
                .create(
                    "{\"apiVersion\":\"kuma.io/v1alpha1\",\"kind\":\"Mesh\","
                        + "\"metadata\":{\"name\":\"demo\"},\"spec\":{}}")));
  }

  @Test
  void kubernetesNamesNeedNotFollowTheUniversalCharset() {
    cluster.mesh("default", "uid-default");
    assertAllowed(
        answer(
            Requests.kuma("Dataplane", "dataplanes")
                .create(
                    """
                    {"apiVersion":"kuma.io/v1alpha1","kind":"Dataplane","mesh":"default",
                     "metadata":{"name":"web-6d9b8.x2x7q","namespace":"default"},
                     "spec":{"networking":{"address":"10.0.0.1",
                       "inbound":[{"port":8080,"tags":{"kuma.io/service":"web_default_svc_80"}}]}}}
                    """)));
  }

  @Test
  void validationThatCannotRunIsDenied() {
    ResourceValidationWebhook failing =
        new ResourceValidationWebhook(
            SETTINGS,
            ControlPlaneMode.STANDALONE,
            false,
            CODEC,
            resource -> {
              throw new IllegalStateException("store unreachable");
            },
            cluster);
    String answer =
        AdmissionReview.answer(
            failing,
            Requests.kuma("TrafficPermission", "trafficpermissions")
                .create(TRAFFIC_PERMISSION)
                .json());
    assertResponse(
        answer,
        """
        {"uid":"%s","allowed":false,
         "status":{"code":403,"reason":"store unreachable","message":"store unreachable"}}
        """
            .formatted(Requests.UID));
  }

  // ------------------------------------------------------------------ §7.4 Dataplane

  private static final String DATAPLANE =
      """
      {"apiVersion":"kuma.io/v1alpha1","kind":"Dataplane","mesh":"%s",
       "metadata":{"name":"web-1","namespace":"default"},
       "spec":{"networking":{"address":"10.0.0.1",
         "inbound":[{"port":8080,"tags":{"kuma.io/service":"web_default_svc_80"}}]}}}
      """;

  @Test
  void dataplaneOfMissingMeshIsErrored500() {
    String answer =
        answer(Requests.kuma("Dataplane", "dataplanes").create(DATAPLANE.formatted("demo")));
    assertResponse(
        answer,
        """
        {"uid":"%s","allowed":false,
         "status":{"code":500,"message":"Resource not found: type=\\"Mesh\\" name=\\"demo\\" mesh=\\"\\""}}
        """
            .formatted(Requests.UID));
  }

  @Test
  void dataplaneOfExistingMeshIsAllowed() {
    assertAllowed(
        answer(Requests.kuma("Dataplane", "dataplanes").create(DATAPLANE.formatted("default"))));
  }

  // ------------------------------------------------------------------ §7.4 MeshGatewayInstance
  // (D5)

  private static final String INSTANCE =
      """
      {"apiVersion":"kuma.io/v1alpha1","kind":"MeshGatewayInstance",
       "metadata":{"name":"edge-gateway","namespace":"default"},
       "spec":{"replicas":1,"serviceType":"LoadBalancer","tags":%s}}
      """;

  @Test
  void gatewayInstanceWithoutServiceTagIsInvalid() {
    String answer =
        answer(
            Requests.kuma("MeshGatewayInstance", "meshgatewayinstances")
                .create(INSTANCE.formatted("{\"team\":\"edge\"}")));
    assertResponse(
        answer,
        """
        {"uid":"%s","allowed":false,
         "status":{"status":"Failure","code":422,"reason":"Invalid",
           "message":"tags: mandatory tag \\"kuma.io/service\\" is missing",
           "details":{"name":"edge-gateway","kind":"MeshGatewayInstance",
             "causes":[{"reason":"FieldValueInvalid","field":"tags","message":"mandatory tag \\"kuma.io/service\\" is missing"}]}}}
        """
            .formatted(Requests.UID));
  }

  @Test
  void gatewayInstanceTagValueCharsetIsChecked() {
    String answer =
        answer(
            Requests.kuma("MeshGatewayInstance", "meshgatewayinstances")
                .create(INSTANCE.formatted("{\"kuma.io/service\":\"edge\",\"k\":\"a b\"}")));
    assertResponse(
        answer,
        """
        {"uid":"%s","allowed":false,
         "status":{"status":"Failure","code":422,"reason":"Invalid",
           "message":"tags[\\"k\\"]: tag value must consist of alphanumeric characters, dots, dashes and underscores",
           "details":{"name":"edge-gateway","kind":"MeshGatewayInstance",
             "causes":[{"reason":"FieldValueInvalid","field":"tags[\\"k\\"]","message":"tag value must consist of alphanumeric characters, dots, dashes and underscores"}]}}}
        """
            .formatted(Requests.UID));
  }

  @Test
  void gatewayInstanceWithServiceTagIsAllowedInAnyNamespace() {
    assertAllowed(
        answer(
            Requests.kuma("MeshGatewayInstance", "meshgatewayinstances")
                .create(INSTANCE.formatted("{\"kuma.io/service\":\"edge-gateway\"}"))));
  }

  // ------------------------------------------------------------------ §7.4 2.0 policies,
  // ContainerPatch

  @ParameterizedTest
  @ValueSource(strings = {"MeshTrafficPermission", "MeshAccessLog", "MeshTrace"})
  void targetRefPolicyOutsideSystemNamespaceIsDenied(String kind) {
    String answer =
        answer(
            Requests.kuma(kind, kind.toLowerCase() + "s")
                .create(
                    """
                    {"apiVersion":"kuma.io/v1alpha1","kind":"%s",
                     "metadata":{"name":"p","namespace":"default"},
                     "spec":{"targetRef":{"kind":"Mesh"},
                             "from":[{"targetRef":{"kind":"Mesh"},"default":{"action":"ALLOW"}}]}}
                    """
                        .formatted(kind)));
    assertDenied(answer, "policy can only be created in the system namespace:kuma-system");
  }

  @Test
  void targetRefPolicyInSystemNamespaceIsAllowed() {
    assertAllowed(
        answer(
            Requests.kuma("MeshTrafficPermission", "meshtrafficpermissions")
                .create(
                    """
                    {"apiVersion":"kuma.io/v1alpha1","kind":"MeshTrafficPermission",
                     "metadata":{"name":"p","namespace":"kuma-system"},
                     "spec":{"targetRef":{"kind":"Mesh"},
                             "from":[{"targetRef":{"kind":"Mesh"},"default":{"action":"ALLOW"}}]}}
                    """)));
  }

  @Test
  void strayTargetRefPolicyMayBeDeleted() {
    assertAllowed(
        answer(
            Requests.kuma("MeshTrace", "meshtraces").namespace("default").name("p").delete(null)));
  }

  @Test
  void containerPatchOutsideSystemNamespaceIsDenied() {
    String answer =
        answer(
            Requests.kuma("ContainerPatch", "containerpatches")
                .create(
                    "{\"apiVersion\":\"kuma.io/v1alpha1\",\"kind\":\"ContainerPatch\","
                        + "\"metadata\":{\"name\":\"cp\",\"namespace\":\"default\"},\"spec\":{}}"));
    assertDenied(
        answer,
        "ContainerPatch can only be placed in kuma-system namespace. It can be however referenced"
            + " by pods in all namespaces");
  }
}
