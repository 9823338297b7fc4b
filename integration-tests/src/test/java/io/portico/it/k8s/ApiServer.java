package io.portico.it.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The cluster's API server: fabric8's mock in CRUD mode on loopback (plain HTTP, version 1.26), and
 * in front of its storage what a real API server does on a create that the mock does not
 * (spec/kubernetes.md §11):
 *
 * <pre>
 *   create(object, user)
 *     ─▶ defaults      namespace "default" (kubectl); Namespace label kubernetes.io/metadata.name
 *     ─▶ ServiceAccount admission (pods: serviceAccountName "default", the kube-api-access volume)
 *     ─▶ mutating webhooks   (the MutatingWebhookConfigurations it stores, called over HTTPS)
 *     ─▶ ClusterIP allocation (Services)
 *     ─▶ validating webhooks (the ValidatingWebhookConfigurations it stores)
 *     ─▶ the mock's storage  (CRDs registered on the way: their kinds become creatable)
 * </pre>
 *
 * It also answers TokenReviews ({@link ServiceAccountTokens}) next to the CRUD storage (the mock's
 * "mixed" dispatcher: an expectation first, CRUD otherwise). Writes of the control plane go to the
 * mock directly, without admission: nothing calls the webhooks for them.
 */
final class ApiServer implements AutoCloseable {
  static final String ADMIN_USER = "kubernetes-admin";

  /** fabric8's mock logs every request at INFO through java.util.logging (held: JUL forgets). */
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final Admission admission;
  private final Map<String, CustomKind> customKinds = new ConcurrentHashMap<>();
  private final AtomicInteger clusterIps = new AtomicInteger(10);

  /** A kind a CustomResourceDefinition made creatable. */
  private record CustomKind(ResourceDefinitionContext context, boolean isNamespaced) {}

  private ApiServer(KubernetesMockServer server, KubernetesClient client, ClusterNetwork network) {
    this.server = server;
    this.client = client;
    this.admission = new Admission(client, network);
  }

  /**
   * Starts the mock on a free loopback port.
   *
   * @param tokens what TokenReviews are answered from
   * @param network where webhook Services are reached
   */
  static ApiServer start(ServiceAccountTokens tokens, ClusterNetwork network) {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false,
            new VersionInfo.Builder()
                .withMajor("1")
                .withMinor("26")
                .withGitVersion("v1.26.15")
                .withPlatform("linux/amd64")
                .build());
    server.init(InetAddress.getLoopbackAddress(), 0);
    server
        .expect()
        .post()
        .withPath(ServiceAccountTokens.REVIEW_PATH)
        .andReply(201, request -> tokens.review(request.getUtf8Body()))
        .always();
    return new ApiServer(server, server.createClient(), network);
  }

  /** Where clients reach it: {@code http://127.0.0.1:<port>}. */
  String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** A client of the test, acting as cluster admin (its writes bypass admission). */
  KubernetesClient client() {
    return client;
  }

  /**
   * Creates every document of {@code yaml} in order, as {@code kubectl create -f -} by the cluster
   * admin does: each through admission.
   *
   * @return the stored objects
   * @throws AdmissionRefused when a webhook or the mock refuses one (those before stay created)
   */
  List<HasMetadata> createAll(String yaml) {
    List<HasMetadata> created = new ArrayList<>();
    for (HasMetadata item :
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
      created.add(create(item, ADMIN_USER));
    }
    return created;
  }

  /**
   * Creates {@code object} on behalf of {@code user}, through admission.
   *
   * @return the stored object
   * @throws AdmissionRefused when a webhook refuses it
   */
  <T extends HasMetadata> T create(T object, String user) {
    boolean isNamespaced = isNamespaced(object);
    if (isNamespaced && object.getMetadata().getNamespace() == null) {
      object.getMetadata().setNamespace("default");
    }
    if (object instanceof Namespace namespace) {
      namespace.getMetadata().setLabels(with(namespace.getMetadata().getLabels()));
      namespace
          .getMetadata()
          .getLabels()
          .put("kubernetes.io/metadata.name", namespace.getMetadata().getName());
    }
    if (object instanceof Pod pod) {
      ServiceAccountAdmission.admit(pod);
    }
    T admitted = admission.mutate(object, resource(object), isNamespaced, user);
    if (admitted instanceof Service service) {
      allocateClusterIp(service);
    }
    admission.validate(admitted, resource(admitted), isNamespaced, user);
    return store(admitted);
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> T store(T object) {
    T stored;
    if (object instanceof GenericKubernetesResource custom) {
      CustomKind kind = customKind(custom);
      var resources = client.genericKubernetesResources(kind.context());
      stored =
          (T)
              (kind.isNamespaced()
                  ? resources
                      .inNamespace(custom.getMetadata().getNamespace())
                      .resource(custom)
                      .create()
                  : resources.resource(custom).create());
    } else {
      stored = client.resource(object).create();
    }
    if (stored instanceof CustomResourceDefinition crd) {
      register(crd);
    }
    return stored;
  }

  private void register(CustomResourceDefinition crd) {
    var spec = crd.getSpec();
    var version = spec.getVersions().get(0).getName();
    var context =
        new ResourceDefinitionContext.Builder()
            .withGroup(spec.getGroup())
            .withVersion(version)
            .withKind(spec.getNames().getKind())
            .withPlural(spec.getNames().getPlural())
            .withNamespaced("Namespaced".equals(spec.getScope()))
            .build();
    customKinds.put(
        spec.getGroup() + "/" + version + "/" + spec.getNames().getKind(),
        new CustomKind(context, context.isNamespaceScoped()));
  }

  private CustomKind customKind(HasMetadata object) {
    CustomKind kind = customKinds.get(object.getApiVersion() + "/" + object.getKind());
    if (kind == null) {
      throw new AdmissionRefused(
          "no matches for kind \""
              + object.getKind()
              + "\" in version \""
              + object.getApiVersion()
              + "\" (install the CRDs first)");
    }
    return kind;
  }

  /** The context of a custom kind, e.g. {@code kuma.io/v1alpha1}, {@code MeshGatewayInstance}. */
  ResourceDefinitionContext customResources(String apiVersion, String kind) {
    GenericKubernetesResource probe = new GenericKubernetesResource();
    probe.setApiVersion(apiVersion);
    probe.setKind(kind);
    return customKind(probe).context();
  }

  private boolean isNamespaced(HasMetadata object) {
    if (object instanceof GenericKubernetesResource) {
      return customKind(object).isNamespaced();
    }
    return object instanceof Namespaced;
  }

  /** group, version, plural resource name. */
  private Admission.Resource resource(HasMetadata object) {
    if (object instanceof GenericKubernetesResource) {
      ResourceDefinitionContext context = customKind(object).context();
      return new Admission.Resource(
          context.getGroup(), context.getVersion(), context.getKind(), context.getPlural());
    }
    return new Admission.Resource(
        HasMetadata.getGroup(object.getClass()),
        HasMetadata.getVersion(object.getClass()),
        object.getKind(),
        HasMetadata.getPlural(object.getClass()));
  }

  /** The service IP range's next address, unless the Service is headless or ExternalName. */
  private void allocateClusterIp(Service service) {
    var spec = service.getSpec();
    if (spec == null
        || "ExternalName".equals(spec.getType())
        || "None".equals(spec.getClusterIP())
        || (spec.getClusterIP() != null && !spec.getClusterIP().isEmpty())) {
      return;
    }
    String ip = "10.96.0." + clusterIps.getAndIncrement();
    spec.setClusterIP(ip);
    spec.setClusterIPs(List.of(ip));
  }

  private static Map<String, String> with(Map<String, String> labels) {
    return labels == null ? new LinkedHashMap<>() : new LinkedHashMap<>(labels);
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
