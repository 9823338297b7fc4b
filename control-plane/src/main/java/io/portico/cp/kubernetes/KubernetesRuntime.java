package io.portico.cp.kubernetes;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.portico.cp.ca.MeshCas;
import io.portico.cp.defaults.MeshDefaults;
import io.portico.cp.k8s.KubernetesSettings;
import io.portico.cp.k8s.controller.GatewayInstanceController;
import io.portico.cp.k8s.controller.PodController;
import io.portico.cp.k8s.gateway.KubernetesVersion;
import io.portico.cp.k8s.store.KubernetesStore;
import io.portico.cp.k8s.webhook.AdmissionWebhooks;
import io.portico.cp.k8s.webhook.ControlPlaneMode;
import io.portico.cp.k8s.webhook.MeshLookup;
import io.portico.cp.k8s.webhook.NamespaceLookup;
import io.portico.cp.store.LeadershipListener;
import io.portico.cp.store.ListQuery;
import io.portico.cp.store.manager.ResourceManager;
import io.portico.cp.tls.ServerCertificate;
import io.portico.mesh.api.DataSource;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.mesh.MeshSpec;
import io.portico.mesh.api.types.ResourceTypes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a control plane runs on Kubernetes besides what it runs everywhere (spec/kubernetes.md): the
 * Mesh controller (defaults, CA secrets, deleting what a deleted Mesh owned), the Pod controller
 * (Dataplanes of Pods), the MeshGatewayInstance controller (builtin gateway Deployments and
 * Services) and the admission webhooks' HTTPS server.
 *
 * <p>The controllers start their informers at once, so that a new leader reconciles from a warm
 * cache, and act only while this instance leads; the webhooks answer on every instance, as the
 * Service behind them may reach any.
 */
public final class KubernetesRuntime implements LeadershipListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KubernetesRuntime.class);

  private final List<AutoCloseable> components = new ArrayList<>();
  private final List<LeadershipListener> controllers = new ArrayList<>();
  private AdmissionServer admission;

  private KubernetesRuntime() {}

  /**
   * Starts the controllers (idle until {@link #leadershipAcquired()}) and the webhook server.
   *
   * @param admissionCertificate the webhook server's certificate ({@code certDir}'s pair)
   */
  public static KubernetesRuntime start(
      KubernetesClient client,
      KubernetesStore store,
      ResourceManager manager,
      ResourceCodec codec,
      KubernetesSettings settings,
      MeshDefaults defaults,
      MeshCas cas,
      ServerCertificate admissionCertificate,
      Clock clock) {
    KubernetesRuntime runtime = new KubernetesRuntime();
    try {
      runtime.add(new MeshController(client, store, manager.types(), defaults, cas));
      runtime.add(new PodController(client, manager, settings, clock).start());
      KubernetesVersion version = KubernetesVersion.of(client.getKubernetesVersion());
      log.info("Kubernetes API server version={}", version);
      runtime.add(
          new GatewayInstanceController(client, manager, codec, settings, version, clock).start());
      AdmissionWebhooks webhooks =
          new AdmissionWebhooks(
              settings,
              ControlPlaneMode.STANDALONE,
              false,
              false,
              codec,
              new AdmissionWebhooks.Lookups(
                  manager::validate,
                  meshes(store, manager),
                  namespaces(store),
                  (mesh, secret) -> mtlsBackendsUsing(manager, mesh, secret)));
      runtime.admission =
          AdmissionServer.start(settings.admissionServer(), admissionCertificate, webhooks);
      runtime.components.add(runtime.admission);
      return runtime;
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
  }

  private <T extends LeadershipListener & AutoCloseable> void add(T controller) {
    controllers.add(controller);
    components.add(controller);
  }

  private static MeshLookup meshes(KubernetesStore store, ResourceManager manager) {
    return new MeshLookup() {
      @Override
      public Optional<String> meshUid(String mesh) {
        return store.uid(ResourceTypes.MESH, mesh);
      }

      @Override
      public boolean hasDataplanes(String mesh) {
        return !manager.list(ResourceTypes.DATAPLANE, new ListQuery(mesh, 0, 1)).items().isEmpty();
      }

      @Override
      public Optional<String> dataplaneUid(String namespace, String name) {
        return store.uid(ResourceTypes.DATAPLANE, name + "." + namespace);
      }
    };
  }

  private static NamespaceLookup namespaces(KubernetesStore store) {
    return name ->
        store
            .namespace(name)
            .map(Namespace::getMetadata)
            .map(
                meta ->
                    new NamespaceLookup.NamespaceMetadata(
                        meta.getLabels() == null ? Map.of() : meta.getLabels(),
                        meta.getAnnotations() == null ? Map.of() : meta.getAnnotations()));
  }

  /** The mTLS backends of {@code mesh} whose CA lives in Secret {@code secret} (§7.4). */
  static List<String> mtlsBackendsUsing(ResourceManager manager, String mesh, String secret) {
    Optional<Resource<MeshSpec>> current = manager.get(ResourceTypes.MESH, "", mesh);
    List<String> using = new ArrayList<>();
    if (current.isEmpty() || current.get().spec().mtls() == null) {
      return using;
    }
    for (MeshSpec.CertificateAuthorityBackend backend : current.get().spec().mtls().backends()) {
      if (backend == null) {
        continue;
      }
      boolean uses =
          switch (backend.type()) {
            case MeshCas.BUILTIN ->
                secret.equals(MeshCas.certSecretName(mesh, backend.name()))
                    || secret.equals(MeshCas.keySecretName(mesh, backend.name()));
            case MeshCas.PROVIDED ->
                names(secret, MeshCas.providedCert(backend))
                    || names(secret, MeshCas.providedKey(backend));
            default -> false;
          };
      if (uses) {
        using.add(backend.name());
      }
    }
    return using;
  }

  private static boolean names(String secret, DataSource source) {
    return source.kind() == DataSource.Kind.SECRET && secret.equals(source.secret());
  }

  /** The webhook server's bound port. */
  public int admissionPort() {
    return admission.port();
  }

  @Override
  public void leadershipAcquired() {
    controllers.forEach(LeadershipListener::leadershipAcquired);
  }

  @Override
  public void leadershipLost() {
    controllers.forEach(LeadershipListener::leadershipLost);
  }

  @Override
  public void close() {
    for (int i = components.size() - 1; i >= 0; i--) {
      try {
        components.get(i).close();
      } catch (Exception e) {
        log.warn("Kubernetes component did not close cleanly error={}", e.toString());
      }
    }
  }
}
