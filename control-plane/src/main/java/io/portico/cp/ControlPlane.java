package io.portico.cp;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.portico.cp.api.ApiServer;
import io.portico.cp.api.ServerIdentity;
import io.portico.cp.auth.AccessRules;
import io.portico.cp.auth.AdminTokenBootstrap;
import io.portico.cp.auth.Authenticator;
import io.portico.cp.auth.UserTokenSigningKeys;
import io.portico.cp.auth.UserTokens;
import io.portico.cp.ca.BuiltinCaGenerator;
import io.portico.cp.ca.MeshCaHook;
import io.portico.cp.ca.MeshCas;
import io.portico.cp.compiler.ProxyConfigCompiler;
import io.portico.cp.config.ConfigException;
import io.portico.cp.config.CpConfig;
import io.portico.cp.defaults.DefaultMesh;
import io.portico.cp.defaults.MeshDefaults;
import io.portico.cp.defaults.MeshDefaultsHook;
import io.portico.cp.diagnostics.DiagnosticsServer;
import io.portico.cp.dpserver.ConfigCompiler;
import io.portico.cp.dpserver.DpServer;
import io.portico.cp.dpserver.ProxyAuthenticator;
import io.portico.cp.dptoken.DataplaneTokenSigningKeys;
import io.portico.cp.dptoken.DataplaneTokens;
import io.portico.cp.insight.DataplaneInsightCleanup;
import io.portico.cp.insight.DataplaneInsights;
import io.portico.cp.insight.OfflineDataplaneCollector;
import io.portico.cp.insight.SubscriptionFinalizer;
import io.portico.cp.k8s.KubernetesSettings;
import io.portico.cp.k8s.store.KubernetesStore;
import io.portico.cp.k8s.store.LeaseLeaderElection;
import io.portico.cp.kubernetes.KubernetesRuntime;
import io.portico.cp.kubernetes.ServiceAccountTokenAuthenticator;
import io.portico.cp.metrics.CpMetrics;
import io.portico.cp.secret.DataSourceResolver;
import io.portico.cp.secret.RsaKeyPairs;
import io.portico.cp.secret.SecretData;
import io.portico.cp.store.LeaderElection;
import io.portico.cp.store.LeadershipListener;
import io.portico.cp.store.ListQuery;
import io.portico.cp.store.ResourceStore;
import io.portico.cp.store.StoreException;
import io.portico.cp.store.StoreSettings;
import io.portico.cp.store.factory.Stores;
import io.portico.cp.store.manager.ResourceManager;
import io.portico.cp.tls.ServerCertificate;
import io.portico.cp.tls.ServerCertificates;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.types.KubernetesKinds;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.NameRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running control plane: store, REST API (HTTP and HTTPS), DP server, diagnostics server and
 * leader jobs.
 *
 * <pre>
 *  start: work dir ─▶ store (Stores.open) ─▶ manager + mesh-CA, mesh-defaults and insight hooks
 *         ─▶ certificate ─▶ API server ─▶ DP server ─▶ diagnostics ─▶ ports.json
 *         ─▶ leader election ─▶ leader jobs
 *  close: leader election ─▶ leader jobs ─▶ diagnostics ─▶ DP server ─▶ API ─▶ store
 * </pre>
 */
public final class ControlPlane implements AutoCloseable {
  /** The Lease control planes on Kubernetes compete for (in the system namespace). */
  static final String LEADER_LEASE = "portico-cp-leader";

  private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);

  private final CpConfig config;
  private final ResourceStore store;
  private final ResourceManager manager;
  private final List<Component> toClose = new ArrayList<>();
  private ApiServer api;
  private DiagnosticsServer diagnostics;
  private DpServer dpServer;
  private BoundPorts ports;
  private final KubernetesClient kubernetesClient;
  private KubernetesRuntime kubernetes;

  /**
   * What a control plane takes from its surroundings; tests replace parts.
   *
   * @param clock the time source of tokens, certificates and resource times
   * @param types the resource types served
   * @param isLoopback which peer addresses count as localhost for {@code localhostIsAdmin}
   * @param rsaKeys where signing keys and the certificate key come from
   * @param storeOpener opens the configured store
   * @param compiler compiles proxy configs for the DP server
   * @param kubernetesClients the Kubernetes client of environment kubernetes: fabric8's
   *     auto-configuration (in-cluster service account, else {@code KUBECONFIG} or {@code
   *     ~/.kube/config}) in production, a mock API server's client in tests
   */
  public record Options(
      Clock clock,
      ResourceTypes types,
      Predicate<InetAddress> isLoopback,
      RsaKeyPairs rsaKeys,
      StoreOpener storeOpener,
      ConfigCompiler compiler,
      Supplier<KubernetesClient> kubernetesClients) {
    public Options {
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(types, "types");
      Objects.requireNonNull(isLoopback, "isLoopback");
      Objects.requireNonNull(rsaKeys, "rsaKeys");
      Objects.requireNonNull(storeOpener, "storeOpener");
      Objects.requireNonNull(compiler, "compiler");
      Objects.requireNonNull(kubernetesClients, "kubernetesClients");
    }

    public static Options standard() {
      return new Options(
          Clock.systemUTC(),
          ResourceTypes.standard(),
          InetAddress::isLoopbackAddress,
          RsaKeyPairs.fresh(),
          Stores::open,
          new ProxyConfigCompiler()::compile,
          () -> new KubernetesClientBuilder().build());
    }

    public Options withTypes(ResourceTypes newTypes) {
      return new Options(
          clock, newTypes, isLoopback, rsaKeys, storeOpener, compiler, kubernetesClients);
    }

    public Options withIsLoopback(Predicate<InetAddress> newIsLoopback) {
      return new Options(
          clock, types, newIsLoopback, rsaKeys, storeOpener, compiler, kubernetesClients);
    }

    public Options withRsaKeys(RsaKeyPairs newRsaKeys) {
      return new Options(
          clock, types, isLoopback, newRsaKeys, storeOpener, compiler, kubernetesClients);
    }

    public Options withStoreOpener(StoreOpener newStoreOpener) {
      return new Options(
          clock, types, isLoopback, rsaKeys, newStoreOpener, compiler, kubernetesClients);
    }

    public Options withClock(Clock newClock) {
      return new Options(
          newClock, types, isLoopback, rsaKeys, storeOpener, compiler, kubernetesClients);
    }

    public Options withKubernetesClients(Supplier<KubernetesClient> newClients) {
      return new Options(clock, types, isLoopback, rsaKeys, storeOpener, compiler, newClients);
    }

    public Options withCompiler(ConfigCompiler newCompiler) {
      return new Options(
          clock, types, isLoopback, rsaKeys, storeOpener, newCompiler, kubernetesClients);
    }
  }

  /** Something started that must be stopped. */
  private record Component(String name, Runnable stop) {}

  private ControlPlane(
      CpConfig config,
      ResourceStore store,
      ResourceManager manager,
      KubernetesClient kubernetesClient) {
    this.config = config;
    this.store = store;
    this.manager = manager;
    this.kubernetesClient = kubernetesClient;
  }

  /**
   * Starts a control plane and returns once its listeners are bound.
   *
   * @throws StoreException when the store cannot be opened
   * @throws UncheckedIOException when the work directory or a port cannot be used
   */
  public static ControlPlane start(CpConfig config, Options options) {
    Path workDir = config.general().workDir();
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the work directory " + workDir, e);
    }
    ResourceCodec codec = new ResourceCodec(options.types());
    ServerIdentity identity = identity(workDir);
    KubernetesClient client =
        config.store().type() == StoreSettings.Type.KUBERNETES
            ? options.kubernetesClients().get()
            : null;
    ResourceStore store;
    try {
      store =
          client != null
              ? openKubernetesStore(config, options, codec, identity, client)
              : options.storeOpener().open(config.storeSettings(), codec, options.clock());
    } catch (RuntimeException e) {
      if (client != null) {
        client.close();
      }
      throw e;
    }
    log.info("store opened type={}", config.store().type().name().toLowerCase());
    NameRules.Environment names =
        client != null ? NameRules.Environment.KUBERNETES : NameRules.Environment.UNIVERSAL;
    ControlPlane cp =
        new ControlPlane(
            config, store, new ResourceManager(store, options.types(), false, names), client);
    try {
      cp.startComponents(codec, options, identity);
    } catch (RuntimeException e) {
      cp.close();
      throw e;
    }
    return cp;
  }

  /** The store on the Kubernetes API, with leadership on a Lease of the system namespace. */
  private static ResourceStore openKubernetesStore(
      CpConfig config,
      Options options,
      ResourceCodec codec,
      ServerIdentity identity,
      KubernetesClient client) {
    String namespace = config.kubernetes().settings().systemNamespace();
    return KubernetesStore.open(
        client,
        options.types(),
        KubernetesKinds::of,
        codec,
        namespace,
        options.clock(),
        new LeaseLeaderElection(
            client, namespace, LEADER_LEASE, identity.instanceId(), Duration.ofSeconds(15)),
        Duration.ofSeconds(30));
  }

  private void startComponents(ResourceCodec codec, Options options, ServerIdentity identity) {
    SecretData secrets = new SecretData(codec);
    boolean isSecretDataRetained = secrets.isDataRetained();
    if (!isSecretDataRetained) {
      log.warn(
          "secret specs drop their data in this build: signing keys cannot be read back, user"
              + " tokens and the admin token are unavailable");
    }
    DataSourceResolver dataSources = new DataSourceResolver(store, secrets);
    MeshCas cas =
        new MeshCas(
            store,
            secrets,
            dataSources,
            new BuiltinCaGenerator(options.clock(), caKeys(options.rsaKeys())));
    manager.addHook(new MeshCaHook(cas));
    MeshDefaults meshDefaults = new MeshDefaults(manager, codec, secrets, options.rsaKeys());
    manager.addHook(new MeshDefaultsHook(meshDefaults));
    DataplaneInsights insights = new DataplaneInsights(store);
    manager.addHook(new DataplaneInsightCleanup(insights));
    DataplaneTokens dataplaneTokens =
        new DataplaneTokens(
            new DataplaneTokenSigningKeys(manager, secrets), manager, secrets, options.clock());
    UserTokenSigningKeys signingKeys =
        new UserTokenSigningKeys(manager, secrets, options.rsaKeys());
    UserTokens userTokens = new UserTokens(signingKeys, manager, secrets, options.clock());
    Authenticator authenticator =
        new Authenticator(
            config.apiServer().authn().localhostIsAdmin(), options.isLoopback(), userTokens);

    ServerCertificates certificates = new ServerCertificates(options.clock(), options.rsaKeys());
    ServerCertificate certificate =
        config.general().isTlsConfigured()
            ? certificates.load(config.general().tlsCertFile(), config.general().tlsKeyFile())
            : certificates.loadOrGenerate(config.general().workDir());
    api =
        ApiServer.start(
            new ApiServer.Settings(
                config.apiServer(),
                config.apiServer().https().enabled() ? certificate : null,
                manager,
                codec,
                authenticator,
                new AccessRules(),
                userTokens,
                dataplaneTokens,
                insights,
                identity,
                config.effectiveJson()));
    toClose.add(new Component("api", api::close));
    CpMetrics metrics = new CpMetrics();
    toClose.add(new Component("metrics", metrics::close));
    dpServer =
        DpServer.start(
            new DpServer.Settings(
                config.dpServer(),
                config.xdsServer(),
                config.metrics(),
                certificate,
                identity.instanceId(),
                manager,
                codec,
                proxyAuthenticator(config, options, dataplaneTokens),
                insights,
                options.compiler(),
                options.clock(),
                cas,
                dataSources),
            metrics.compileTime());
    toClose.add(new Component("dp-server", dpServer::close));
    metrics.bind(dpServer);
    diagnostics =
        DiagnosticsServer.start(
            new InetSocketAddress(config.diagnostics().serverPort()),
            this::isReady,
            metrics::scrape);
    toClose.add(new Component("diagnostics", diagnostics::close));
    ports = new BoundPorts(api.httpPort(), api.httpsPort(), diagnostics.port(), dpServer.port());
    writePorts(config.general().workDir(), ports);

    List<LeaderJobs.Job> jobs = new ArrayList<>();
    if (!config.defaults().skipMeshCreation()) {
      DefaultMesh defaultMesh = new DefaultMesh(manager, codec);
      jobs.add(new LeaderJobs.Job("default-mesh", defaultMesh::ensure));
    }
    if (isSecretDataRetained) {
      jobs.add(new LeaderJobs.Job("user-token-signing-key", signingKeys::ensureKey));
      if (config.apiServer().authn().bootstrapAdminToken()) {
        AdminTokenBootstrap bootstrap = new AdminTokenBootstrap(manager, secrets, userTokens);
        jobs.add(new LeaderJobs.Job("admin-user-token", bootstrap::ensure));
      }
    }
    SubscriptionFinalizer finalizer = new SubscriptionFinalizer(store, insights, options.clock());
    OfflineDataplaneCollector collector =
        new OfflineDataplaneCollector(
            manager, config.runtime().dataplaneCleanupAge(), options.clock());
    List<LeaderJobs.Periodic> periodic =
        List.of(
            new LeaderJobs.Periodic(
                "subscription-finalizer",
                config.metrics().dataplaneIdleTimeout(),
                finalizer::reset,
                finalizer::run),
            new LeaderJobs.Periodic(
                "offline-dataplane-collector", collector.interval(), () -> {}, collector::run));
    LeaderJobs leaderJobs = new LeaderJobs(jobs, periodic);
    toClose.add(new Component("leader-jobs", leaderJobs::close));
    LeadershipListener leadership = leaderJobs;
    if (kubernetesClient != null) {
      KubernetesSettings settings = withCaCert(config.kubernetes());
      Path certDir = Path.of(settings.admissionServer().certDir());
      kubernetes =
          KubernetesRuntime.start(
              kubernetesClient,
              (KubernetesStore) store,
              manager,
              codec,
              settings,
              meshDefaults,
              cas,
              certificates.load(certDir.resolve("tls.crt"), certDir.resolve("tls.key")),
              options.clock());
      toClose.add(new Component("kubernetes", kubernetes::close));
      leadership = LeadershipListener.all(leaderJobs, kubernetes);
    }
    LeaderElection election = store.leaderElection();
    toClose.add(new Component("leader-election", election::close));
    election.start(leadership);
    log.info(
        "control plane started apiHttpPort={} apiHttpsPort={} diagnosticsPort={} dpServerPort={}"
            + " workDir={}",
        ports.apiHttp(),
        ports.apiHttps(),
        ports.diagnostics(),
        ports.dpServer(),
        config.general().workDir());
  }

  /** The settings with the PEM of {@code runtime.kubernetes.injector.caCertFile}, read once. */
  private static KubernetesSettings withCaCert(CpConfig.Kubernetes kubernetes) {
    Path file = kubernetes.caCertFile();
    if (file == null) {
      return kubernetes.settings();
    }
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new ConfigException(
          "runtime.kubernetes.injector.caCertFile " + file + " cannot be read: " + e.getMessage());
    }
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new ConfigException(
          "runtime.kubernetes.injector.caCertFile "
              + file
              + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return kubernetes.settings().withControlPlaneCaCertPem(pem);
  }

  private ProxyAuthenticator proxyAuthenticator(
      CpConfig config, Options options, DataplaneTokens tokens) {
    return switch (config.dpServer().authType()) {
      case DP_TOKEN -> ProxyAuthenticator.dataplaneTokens(tokens);
      case NONE -> ProxyAuthenticator.none();
      case SERVICE_ACCOUNT_TOKEN ->
          new ServiceAccountTokenAuthenticator(
              Objects.requireNonNull(kubernetesClient, "serviceAccountToken needs Kubernetes"),
              options.clock());
    };
  }

  /**
   * RSA keys for builtin mesh CAs: the injected source for 2048 bits (the default; tests reuse
   * keys), fresh keys of the size asked otherwise.
   */
  private static IntFunction<KeyPair> caKeys(RsaKeyPairs rsaKeys) {
    return bits -> {
      if (bits == RsaKeyPairs.KEY_BITS) {
        return rsaKeys.generate();
      }
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("RSA-" + bits + " key generation is not available", e);
      }
    };
  }

  /** Ready when the API serves and the store answers. */
  public boolean isReady() {
    if (api == null || !api.isServing()) {
      return false;
    }
    try {
      manager.types().byName("Mesh").ifPresent(t -> store.list(t, new ListQuery(null, 0, 1)));
      return true;
    } catch (StoreException e) {
      log.debug("store not reachable reason={}", e.getMessage());
      return false;
    }
  }

  public BoundPorts ports() {
    return ports;
  }

  /** The Kubernetes parts (environment kubernetes), or null. */
  public KubernetesRuntime kubernetes() {
    return kubernetes;
  }

  public CpConfig config() {
    return config;
  }

  public ResourceManager manager() {
    return manager;
  }

  /** The DP server (for tests: compilation counts, connected proxies). */
  public DpServer dpServer() {
    return dpServer;
  }

  private static ServerIdentity identity(Path workDir) {
    String hostname;
    try {
      hostname = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      hostname = "localhost";
    }
    byte[] suffix = new byte[2];
    new SecureRandom().nextBytes(suffix);
    String instanceId = hostname + "-" + HexFormat.of().formatHex(suffix);
    return new ServerIdentity(hostname, version(), instanceId, clusterId(workDir));
  }

  /** The cluster id, generated once and kept in the work directory. */
  private static String clusterId(Path workDir) {
    Path file = workDir.resolve("cluster-id");
    try {
      if (Files.exists(file)) {
        String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (!id.isEmpty()) {
          return id;
        }
      }
      String id = UUID.randomUUID().toString();
      writeAtomically(file, id);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the cluster id in " + file, e);
    }
  }

  /** The Portico version of this build. */
  public static String version() {
    return io.portico.cp.config.BuildInfo.version();
  }

  private static void writePorts(Path workDir, BoundPorts ports) {
    try {
      writeAtomically(workDir.resolve(BoundPorts.FILE_NAME), ports.toJson() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + BoundPorts.FILE_NAME + " in " + workDir, e);
    }
  }

  private static void writeAtomically(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Stops everything, in reverse start order; safe to call twice. */
  @Override
  public void close() {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      Component c = toClose.get(i);
      try {
        c.stop().run();
      } catch (RuntimeException e) {
        log.warn("component did not stop cleanly component={} reason={}", c.name(), e.toString());
      }
    }
    toClose.clear();
    store.close();
    if (kubernetesClient != null) {
      kubernetesClient.close();
    }
    log.info("control plane stopped");
  }
}
