package io.portico.cp.dpserver;

import io.grpc.Status;
import io.portico.cp.ca.CaUnavailableException;
import io.portico.cp.compiler.MeshSnapshot;
import io.portico.cp.identity.DataplaneIdentities;
import io.portico.cp.identity.DataplaneIdentity;
import io.portico.cp.insight.DataplaneInsights;
import io.portico.cp.store.ResourceChange;
import io.portico.cp.store.ResourceNotFoundException;
import io.portico.cp.store.ResourceStore;
import io.portico.cp.store.StoreException;
import io.portico.cp.store.Subscription;
import io.portico.cp.store.manager.ResourceManager;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.insight.DataplaneInsightSpec;
import io.portico.mesh.api.mesh.MeshSpec;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.ValidationException;
import io.portico.proxy.api.v1.Ack;
import io.portico.proxy.api.v1.Nack;
import io.portico.proxy.api.v1.ProxyConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every connected proxy's config in step with the store, on one sequential executor.
 *
 * <ul>
 *   <li>One {@link MeshSnapshot} per mesh that has connected proxies. A change on the store's feed
 *       to a resource of the mesh (or to the Mesh) rebuilds it at once, or, within {@code debounce}
 *       of the last rebuild, at the end of that window, coalescing the changes in between; every
 *       {@code refreshInterval} each snapshot is rebuilt anyway, a safety net for lost
 *       notifications (Kuma's 1 s watchdog, spec/core.md §6.7).
 *   <li>A new snapshot hash recompiles the configs of that mesh's proxies; a proxy's config is
 *       compiled only when the snapshot hash or its dataplane's version changed, and sent only when
 *       its version differs from the last one sent.
 *   <li>A NACK is recorded with its errors and the rejected version is not sent again, except once
 *       after {@code nackBackoff} in case the failure was transient (a port in use); the next
 *       different version is sent as usual.
 *   <li>Each proxy's DataplaneInsight is written on connect and disconnect, and on ACK/NACK at most
 *       once per {@code flushInterval}. Every {@code heartbeatInterval} an open stream's
 *       subscription gets a new {@code generation}, which the leader's {@code
 *       SubscriptionFinalizer} takes as a sign of life (spec/core.md §6.8).
 *   <li>In an mTLS mesh each proxy gets an identity ({@link DataplaneIdentities}) attached to its
 *       config, which is then versioned over the whole content, identity included: a new
 *       certificate is a new version. Identities live here only, per stream; a new one is issued on
 *       connect, when the dataplane's tags or the mesh's mTLS settings change, and once 4/5 of its
 *       lifetime has elapsed (checked at every refresh, against the injected clock). Each issuance
 *       is recorded in the insight's {@code mTLS} section.
 *   <li>A change to what the cross-mesh gateways are made of (a MeshGateway anywhere, or the Mesh,
 *       a dataplane or a secret of a mesh that has a crossMesh gateway) rebuilds every mesh's
 *       snapshot, since every mesh sees every cross-mesh gateway.
 * </ul>
 *
 * <pre>
 *  connect ─▶ register ─▶ insight ─▶ rebuild(mesh) ─▶ reconcile(proxy)
 *  store change ─▶ (debounce) ─▶ rebuild(mesh [or every mesh]) ─▶ hash changed? ─▶ reconcile(each)
 *  refresh tick ─▶ rebuild(every mesh) ─▶ reconcile(proxies whose identity is due or failed)
 *  reconcile: inputs changed? compile ─▶ identity still good? else issue + insight mTLS
 *             ─▶ attach + version ─▶ version differs from last sent? send
 * </pre>
 */
final class ConfigSync implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigSync.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  /**
   * @param refreshInterval how often every snapshot is rebuilt from the store
   * @param flushInterval at most how often a proxy's insight is written on ACK/NACK
   * @param nackBackoff when a rejected config is sent once more
   * @param debounce how long changes are collected before a snapshot is rebuilt
   * @param heartbeatInterval how often an open stream's subscription gets a new generation
   * @param instanceId this control plane, as recorded in subscriptions
   */
  record Settings(
      Duration refreshInterval,
      Duration flushInterval,
      Duration nackBackoff,
      Duration debounce,
      Duration heartbeatInterval,
      String instanceId) {
    Settings {
      Objects.requireNonNull(refreshInterval, "refreshInterval");
      Objects.requireNonNull(flushInterval, "flushInterval");
      Objects.requireNonNull(nackBackoff, "nackBackoff");
      Objects.requireNonNull(debounce, "debounce");
      Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
      Objects.requireNonNull(instanceId, "instanceId");
    }
  }

  /** The proxies and snapshot of one mesh. */
  private static final class MeshState {
    MeshSnapshot snapshot;
    ScheduledFuture<?> pendingRebuild;
    long lastRebuildNanos;
    final Set<ConnectedProxy> proxies = new LinkedHashSet<>();
  }

  private final Settings settings;
  private final ResourceStore store;
  private final ResourceManager manager;
  private final MeshSnapshots snapshots;
  private final DataplaneIdentities identities;
  private final ConfigCompiler compiler;
  private final StreamHandshake handshake;
  private final DataplaneInsights insights;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final AtomicLong compilations = new AtomicLong();
  private final AtomicLong configsSent = new AtomicLong();
  private final AtomicLong configsAcked = new AtomicLong();
  private final AtomicLong configsNacked = new AtomicLong();
  private final java.util.function.LongConsumer compileNanos;
  private volatile boolean isStopping;
  private volatile int connectedCount;
  private Subscription feed;

  // Confined to the executor's thread:
  private final Map<ProxyStream, ConnectedProxy> proxies = new LinkedHashMap<>();
  private final Map<String, MeshState> meshes = new HashMap<>();

  /** The meshes that have a crossMesh gateway, as of the last snapshot built. */
  private final Set<String> crossMeshSources = new HashSet<>();

  ConfigSync(
      Settings settings,
      ResourceStore store,
      ResourceManager manager,
      MeshSnapshots snapshots,
      DataplaneIdentities identities,
      ConfigCompiler compiler,
      StreamHandshake handshake,
      DataplaneInsights insights,
      Clock clock,
      java.util.function.LongConsumer compileNanos) {
    this.compileNanos = Objects.requireNonNull(compileNanos, "compileNanos");
    this.settings = settings;
    this.store = store;
    this.manager = manager;
    this.snapshots = snapshots;
    this.identities = identities;
    this.compiler = compiler;
    this.handshake = handshake;
    this.insights = insights;
    this.clock = clock;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dp-config-sync");
              t.setDaemon(true);
              return t;
            });
  }

  /** Subscribes to the store's changes and starts the periodic refresh. */
  void start() {
    feed = store.subscribe(this::onChange);
    long refresh = settings.refreshInterval().toMillis();
    executor.scheduleWithFixedDelay(
        guarded("refresh", this::refreshAll), refresh, refresh, TimeUnit.MILLISECONDS);
  }

  /** How many configs were compiled so far. */
  long compilations() {
    return compilations.get();
  }

  /** How many proxies are connected now. */
  long configsSent() {
    return configsSent.get();
  }

  long configsAcked() {
    return configsAcked.get();
  }

  long configsNacked() {
    return configsNacked.get();
  }

  int connectedCount() {
    return connectedCount;
  }

  // ---------------------------------------------------------------- events (any thread)

  /** An authenticated proxy: register its dataplane and start sending it configs. */
  void register(ProxyStream stream, Registration registration) {
    submit("register", () -> connect(stream, registration));
  }

  void onAck(ProxyStream stream, Ack ack) {
    submit("ack", () -> acknowledged(stream, ack));
  }

  void onNack(ProxyStream stream, Nack nack) {
    submit("nack", () -> rejected(stream, nack));
  }

  /** The proxy went away. */
  void disconnect(ProxyStream stream, String reason) {
    submit("disconnect", () -> leave(stream, reason, null));
  }

  /** Ends a stream with a status, then handles it as a disconnect. */
  void end(ProxyStream stream, Status status) {
    submit("end", () -> leave(stream, status.getDescription(), status));
  }

  private void onChange(ResourceChange change) {
    String type = change.key().type();
    if (!MeshSnapshots.isInput(type)) {
      return;
    }
    String mesh =
        type.equals(ResourceTypes.MESH.name()) ? change.key().name() : change.key().mesh();
    if (!mesh.isEmpty()) {
      submit("change", () -> changed(type, mesh));
    }
  }

  // ---------------------------------------------------------------- on the sync thread

  private void changed(String type, String mesh) {
    // Every mesh's CAs feed the crossMesh listeners of other meshes (their trusted client CAs):
    // a Mesh (its mTLS backends) or a Secret (its CA) anywhere may change them.
    boolean isCaInput =
        !crossMeshSources.isEmpty()
            && (type.equals(ResourceTypes.MESH.name()) || type.equals(ResourceTypes.SECRET.name()));
    boolean isCrossMesh =
        isCaInput
            || type.equals(ResourceTypes.MESH_GATEWAY.name())
            || (MeshSnapshots.CROSS_MESH_INPUT.contains(type) && crossMeshSources.contains(mesh));
    if (isCrossMesh) {
      for (String connected : new ArrayList<>(meshes.keySet())) {
        scheduleRebuild(connected);
      }
    } else {
      scheduleRebuild(mesh);
    }
  }

  private void connect(ProxyStream stream, Registration registration) {
    if (isStopping) {
      stream.fail(Status.UNAVAILABLE.withDescription("control plane is shutting down"));
      return;
    }
    Resource<DataplaneSpec> stored;
    try {
      stored = handshake.register(registration);
    } catch (StreamRefusal e) {
      stream.refuse(e);
      return;
    } catch (StoreException e) {
      log.warn(
          "proxy not registered, store unavailable mesh={} dataplane={} reason={}",
          registration.mesh(),
          registration.name(),
          e.getMessage());
      stream.fail(
          Status.UNAVAILABLE.withDescription("control plane store unavailable, retry later"));
      return;
    }
    if (!stream.connected()) {
      return;
    }
    ConnectedProxy proxy = new ConnectedProxy(stream, registration, clock.instant());
    proxy.dataplane = stored;
    proxies.put(stream, proxy);
    connectedCount = proxies.size();
    MeshState state = meshes.computeIfAbsent(registration.mesh(), m -> new MeshState());
    state.proxies.add(proxy);
    log.info(
        "proxy connected mesh={} dataplane={} mode={} peer={} proxyVersion={}",
        proxy.mesh(),
        proxy.name(),
        registration.isDirect() ? "direct" : "indirect",
        stream.peer(),
        registration.build().version());
    flush(proxy);
    rebuild(registration.mesh());
    if (proxies.get(stream) == proxy && proxy.compiled == null && state.snapshot != null) {
      reconcile(proxy, state.snapshot);
    }
  }

  private void acknowledged(ProxyStream stream, Ack ack) {
    ConnectedProxy proxy = proxies.get(stream);
    if (proxy == null) {
      return;
    }
    proxy.responsesAcknowledged++;
    configsAcked.incrementAndGet();
    proxy.lastAckedVersion = ack.getVersion();
    if (ack.getVersion().equals(proxy.lastSentVersion)) {
      proxy.lastNackedVersion = "";
      proxy.lastNackError = "";
    }
    proxy.lastUpdateTime = clock.instant();
    log.debug(
        "config accepted mesh={} dataplane={} version={}",
        proxy.mesh(),
        proxy.name(),
        ack.getVersion());
    insightChanged(proxy);
  }

  private void rejected(ProxyStream stream, Nack nack) {
    ConnectedProxy proxy = proxies.get(stream);
    if (proxy == null) {
      return;
    }
    String version = nack.getVersion();
    proxy.responsesRejected++;
    configsNacked.incrementAndGet();
    proxy.lastNackedVersion = version;
    proxy.lastNackError =
        nack.getErrorsCount() == 0
            ? "rejected without errors"
            : String.join("; ", nack.getErrorsList());
    proxy.lastUpdateTime = clock.instant();
    log.info(
        "config rejected mesh={} dataplane={} version={} errors=\"{}\"",
        proxy.mesh(),
        proxy.name(),
        version,
        proxy.lastNackError);
    insightChanged(proxy);
    if (version.equals(proxy.lastSentVersion) && !version.equals(proxy.retriedVersion)) {
      if (proxy.pendingRetry != null) {
        proxy.pendingRetry.cancel(false);
      }
      proxy.pendingRetry =
          executor.schedule(
              guarded("nack-retry", () -> retryRejected(proxy, version)),
              settings.nackBackoff().toMillis(),
              TimeUnit.MILLISECONDS);
    }
  }

  private void retryRejected(ConnectedProxy proxy, String version) {
    proxy.pendingRetry = null;
    if (proxies.get(proxy.stream) != proxy
        || proxy.compiled == null
        || !proxy.compiled.getVersion().equals(version)
        || !proxy.lastSentVersion.equals(version)
        || !proxy.lastNackedVersion.equals(version)) {
      return;
    }
    proxy.retriedVersion = version;
    log.info(
        "rejected config sent once more after the NACK backoff mesh={} dataplane={} version={}",
        proxy.mesh(),
        proxy.name(),
        version);
    send(proxy, proxy.compiled);
  }

  /**
   * Rebuilds a mesh after a change: at once when its last rebuild is older than {@code debounce} (a
   * lone change is followed without waiting), else when {@code debounce} has passed since that
   * rebuild, so a burst of changes costs one rebuild per window.
   */
  private void scheduleRebuild(String mesh) {
    MeshState state = meshes.get(mesh);
    if (state == null || state.pendingRebuild != null) {
      return;
    }
    long sinceLast = System.nanoTime() - state.lastRebuildNanos;
    long wait = Math.max(0, settings.debounce().toNanos() - sinceLast);
    state.pendingRebuild =
        executor.schedule(
            guarded(
                "rebuild",
                () -> {
                  state.pendingRebuild = null;
                  rebuild(mesh);
                }),
            wait,
            TimeUnit.NANOSECONDS);
  }

  private void refreshAll() {
    for (String mesh : new ArrayList<>(meshes.keySet())) {
      rebuild(mesh);
    }
    rotateDueIdentities();
    heartbeat();
  }

  /** Bumps the generation of every subscription not shown alive for {@code heartbeatInterval}. */
  private void heartbeat() {
    long now = System.nanoTime();
    long interval = settings.heartbeatInterval().toNanos();
    for (ConnectedProxy proxy : proxies.values()) {
      if (proxy.lastHeartbeatNanos == 0) {
        proxy.lastHeartbeatNanos = now;
      } else if (now - proxy.lastHeartbeatNanos >= interval) {
        proxy.lastHeartbeatNanos = now;
        proxy.generation++;
        flush(proxy);
      }
    }
  }

  /**
   * Reconciles every proxy whose identity has reached 4/5 of its lifetime, and every proxy whose
   * last issuance failed (its CA's key may be back without the snapshot changing).
   */
  private void rotateDueIdentities() {
    for (MeshState state : new ArrayList<>(meshes.values())) {
      if (state.snapshot == null) {
        continue;
      }
      for (ConnectedProxy proxy : new ArrayList<>(state.proxies)) {
        if (!proxy.identityError.isEmpty()
            || (proxy.identity != null && identities.isDue(proxy.identity))) {
          reconcile(proxy, state.snapshot);
        }
      }
    }
  }

  /** Rebuilds a mesh's snapshot from the store; when its hash changed, reconciles its proxies. */
  private void rebuild(String mesh) {
    MeshState state = meshes.get(mesh);
    if (state == null) {
      return;
    }
    state.lastRebuildNanos = System.nanoTime();
    Optional<MeshSnapshot> built;
    try {
      built = snapshots.build(mesh);
    } catch (StoreException e) {
      log.warn("mesh snapshot not rebuilt mesh={} reason={}", mesh, e.getMessage());
      return;
    }
    if (built.isEmpty()) {
      for (ConnectedProxy proxy : new ArrayList<>(state.proxies)) {
        leave(
            proxy.stream,
            "its mesh was deleted",
            Status.FAILED_PRECONDITION.withDescription("mesh " + mesh + " does not exist"));
      }
      return;
    }
    if (state.snapshot != null && state.snapshot.hash().equals(built.get().hash())) {
      return;
    }
    state.snapshot = built.get();
    built.get().crossMeshGateways().forEach(g -> crossMeshSources.add(g.mesh()));
    log.debug("mesh snapshot rebuilt mesh={} hash={}", mesh, state.snapshot.hash());
    for (ConnectedProxy proxy : new ArrayList<>(state.proxies)) {
      reconcile(proxy, state.snapshot);
    }
  }

  private void reconcile(ConnectedProxy proxy, MeshSnapshot snapshot) {
    Optional<Resource<DataplaneSpec>> dataplane = snapshot.dataplane(proxy.name());
    if (dataplane.isEmpty()) {
      leave(
          proxy.stream,
          "its dataplane was deleted",
          Status.NOT_FOUND.withDescription(
              "dataplane " + proxy.registration.key() + " was deleted"));
      return;
    }
    proxy.dataplane = dataplane.get();
    boolean isChanged = false;
    String inputs = snapshot.hash() + "/" + dataplane.get().meta().version();
    if (!inputs.equals(proxy.compiledFrom)) {
      proxy.compiledFrom = inputs;
      long start = System.nanoTime();
      try {
        proxy.base = compiler.compile(snapshot, dataplane.get());
        compileNanos.accept(System.nanoTime() - start);
        isChanged = true;
      } catch (RuntimeException e) {
        // One proxy's bad input must not stop the others; it keeps its last config.
        log.error(
            "config not compiled mesh={} dataplane={} hash={}",
            proxy.mesh(),
            proxy.name(),
            snapshot.hash(),
            e);
        return;
      } finally {
        compilations.incrementAndGet();
      }
    }
    if (proxy.base == null) {
      return;
    }
    Optional<DataplaneIdentity> identity;
    try {
      identity = identities.refresh(Optional.ofNullable(proxy.identity), snapshot, dataplane.get());
      proxy.identityError = "";
    } catch (CaUnavailableException | IllegalStateException e) {
      if (!e.getMessage().equals(proxy.identityError)) {
        proxy.identityError = e.getMessage();
        log.error(
            "config not sent, no certificate can be issued mesh={} dataplane={} reason={}",
            proxy.mesh(),
            proxy.name(),
            e.getMessage());
      }
      return;
    }
    if (identity.orElse(null) != proxy.identity) {
      proxy.identity = identity.orElse(null);
      isChanged = true;
      identity.ifPresent(issued -> certificateIssued(proxy, snapshot, issued));
    }
    if (isChanged || proxy.compiled == null) {
      proxy.compiled = withIdentity(proxy.base, proxy.identity);
    }
    if (!proxy.compiled.getVersion().equals(proxy.lastSentVersion)) {
      send(proxy, proxy.compiled);
    }
  }

  /**
   * The config with the identity attached, versioned over everything including the identity; or the
   * config as compiled (versioned by content when the compiler left it unversioned).
   */
  static ProxyConfig withIdentity(ProxyConfig base, DataplaneIdentity identity) {
    if (identity == null) {
      return ConfigVersions.versioned(base);
    }
    return ConfigVersions.versioned(
        base.toBuilder().setIdentity(identity.toProto()).setVersion("").build());
  }

  private void certificateIssued(
      ConnectedProxy proxy, MeshSnapshot snapshot, DataplaneIdentity identity) {
    proxy.certificateRegenerations++;
    log.info(
        "mesh certificate issued mesh={} dataplane={} backend={} expiration={} rotateAt={}"
            + " uris={}",
        proxy.mesh(),
        proxy.name(),
        identity.backend(),
        identity.notAfter(),
        identity.rotateAt(),
        identity.uris());
    List<String> supported = new ArrayList<>();
    MeshSpec.Mtls mtls = snapshot.mesh().spec().mtls();
    if (mtls != null) {
      mtls.backends().stream().filter(Objects::nonNull).forEach(b -> supported.add(b.name()));
    }
    try {
      insights.recordCertificate(
          proxy.mesh(),
          proxy.name(),
          identity.issuedAt(),
          identity.notAfter(),
          identity.backend(),
          supported);
    } catch (StoreException e) {
      log.warn(
          "insight mTLS section not written mesh={} dataplane={} reason={}",
          proxy.mesh(),
          proxy.name(),
          e.getMessage());
    }
  }

  private void send(ConnectedProxy proxy, ProxyConfig config) {
    if (!proxy.stream.send(config)) {
      return;
    }
    proxy.lastSentVersion = config.getVersion();
    proxy.responsesSent++;
    configsSent.incrementAndGet();
    proxy.lastUpdateTime = clock.instant();
    log.info(
        "config sent mesh={} dataplane={} version={}",
        proxy.mesh(),
        proxy.name(),
        config.getVersion());
    insightChanged(proxy);
  }

  /** Writes the insight now, or once the flush interval since the last write has passed. */
  private void insightChanged(ConnectedProxy proxy) {
    if (proxy.pendingFlush != null) {
      return;
    }
    long waitNanos = proxy.lastFlushNanos + settings.flushInterval().toNanos() - System.nanoTime();
    if (proxy.lastFlushNanos == 0 || waitNanos <= 0) {
      flush(proxy);
      return;
    }
    proxy.pendingFlush =
        executor.schedule(
            guarded(
                "flush",
                () -> {
                  proxy.pendingFlush = null;
                  if (proxies.get(proxy.stream) == proxy) {
                    flush(proxy);
                  }
                }),
            waitNanos,
            TimeUnit.NANOSECONDS);
  }

  private void flush(ConnectedProxy proxy) {
    proxy.lastFlushNanos = System.nanoTime();
    try {
      insights.put(proxy.mesh(), proxy.name(), proxy.subscription(settings.instanceId()));
    } catch (StoreException e) {
      log.warn(
          "insight not written mesh={} dataplane={} reason={}",
          proxy.mesh(),
          proxy.name(),
          e.getMessage());
    }
  }

  /**
   * A stream ends: close it (with {@code status}, or normally), record the disconnect, and
   * deregister a dataplane the proxy registered itself unless it is connected elsewhere or the
   * control plane is stopping.
   */
  private void leave(ProxyStream stream, String reason, Status status) {
    if (status == null) {
      stream.complete();
    } else {
      stream.fail(status);
    }
    ConnectedProxy proxy = proxies.remove(stream);
    if (proxy == null) {
      return;
    }
    connectedCount = proxies.size();
    proxy.cancelTimers();
    MeshState state = meshes.get(proxy.mesh());
    if (state != null) {
      state.proxies.remove(proxy);
      if (state.proxies.isEmpty()) {
        if (state.pendingRebuild != null) {
          state.pendingRebuild.cancel(false);
        }
        meshes.remove(proxy.mesh());
      }
    }
    proxy.disconnectTime = clock.instant();
    log.info(
        "proxy disconnected mesh={} dataplane={} reason=\"{}\"",
        proxy.mesh(),
        proxy.name(),
        reason);
    if (proxy.registration.isDirect() && !isStopping && !isLiveElsewhere(proxy)) {
      deregister(proxy);
    } else {
      flush(proxy);
    }
  }

  /**
   * Whether another stream serves the same dataplane: here, or at another instance whose
   * subscription is the latest and still open (spec/core.md §6.8).
   */
  private boolean isLiveElsewhere(ConnectedProxy proxy) {
    for (ConnectedProxy other : proxies.values()) {
      if (other.mesh().equals(proxy.mesh()) && other.name().equals(proxy.name())) {
        return true;
      }
    }
    try {
      Optional<DataplaneInsightSpec.Subscription> last =
          insights.get(proxy.mesh(), proxy.name()).flatMap(DataplaneInsightSpec::lastSubscription);
      return last.isPresent()
          && !last.get().id().equals(proxy.subscriptionId)
          && last.get().isConnected();
    } catch (StoreException e) {
      log.warn(
          "dataplane kept: cannot tell whether it reconnected elsewhere mesh={} dataplane={}"
              + " reason={}",
          proxy.mesh(),
          proxy.name(),
          e.getMessage());
      return true;
    }
  }

  private void deregister(ConnectedProxy proxy) {
    try {
      manager.delete(ResourceTypes.DATAPLANE, proxy.mesh(), proxy.name());
      log.info("dataplane deregistered mesh={} dataplane={}", proxy.mesh(), proxy.name());
    } catch (ResourceNotFoundException e) {
      log.debug("dataplane already gone mesh={} dataplane={}", proxy.mesh(), proxy.name());
    } catch (ValidationException | StoreException e) {
      log.warn(
          "dataplane not deregistered mesh={} dataplane={} reason={}",
          proxy.mesh(),
          proxy.name(),
          e.getMessage());
    }
  }

  // ---------------------------------------------------------------- plumbing

  private Runnable guarded(String task, Runnable body) {
    return () -> {
      try {
        body.run();
      } catch (Exception e) {
        // Top of a task on the sync thread: log and keep the thread (and its timers) alive.
        log.error("dp config sync task failed task={}", task, e);
      }
    };
  }

  private void submit(String task, Runnable body) {
    try {
      executor.execute(guarded(task, body));
    } catch (RejectedExecutionException e) {
      log.debug("dp config sync stopped, task dropped task={}", task);
    }
  }

  /**
   * Ends every stream with UNAVAILABLE (proxies reconnect to another instance or wait for this
   * one), records the disconnects, and stops. Dataplanes are not deregistered.
   */
  @Override
  public void close() {
    isStopping = true;
    if (feed != null) {
      feed.close();
    }
    try {
      Future<?> done =
          executor.submit(
              guarded(
                  "close",
                  () -> {
                    for (ProxyStream stream : new ArrayList<>(proxies.keySet())) {
                      leave(
                          stream,
                          "the control plane is stopping",
                          Status.UNAVAILABLE.withDescription("control plane is shutting down"));
                    }
                  }));
      done.get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
      log.warn("dp config sync did not stop cleanly reason={}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
  }
}
