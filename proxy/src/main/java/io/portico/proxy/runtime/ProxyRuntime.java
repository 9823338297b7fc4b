package io.portico.proxy.runtime;

import io.portico.proxy.accesslog.AccessLogSinks;
import io.portico.proxy.admin.AdminServer;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.bind.ActiveConfig;
import io.portico.proxy.bind.BoundConfig;
import io.portico.proxy.bind.ConfigBinder;
import io.portico.proxy.bind.HostResolver;
import io.portico.proxy.config.BindAddress;
import io.portico.proxy.config.ConfigSink;
import io.portico.proxy.config.InvalidConfigException;
import io.portico.proxy.config.ListenerConfig;
import io.portico.proxy.config.MetricsEndpointConfig;
import io.portico.proxy.config.RuntimeConfig;
import io.portico.proxy.config.RuntimeConfigCompiler;
import io.portico.proxy.http.HttpServerInitializer;
import io.portico.proxy.http.HttpServices;
import io.portico.proxy.listener.ListenerManager;
import io.portico.proxy.listener.ListenerStats;
import io.portico.proxy.metrics.HttpMetricsHandler;
import io.portico.proxy.metrics.MetricsServer;
import io.portico.proxy.metrics.ProxyMetrics;
import io.portico.proxy.routing.FractionSampler;
import io.portico.proxy.tcp.TcpProxyInitializer;
import io.portico.proxy.tls.TlsContexts;
import io.portico.proxy.tracing.SpanExporters;
import io.portico.proxy.transport.Transport;
import io.portico.proxy.upstream.UpstreamPools;
import io.portico.proxy.upstream.UpstreamStats;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running proxy: event loops, listeners, upstream pools, the admin server and the Prometheus
 * metrics endpoint, configured by {@link #apply}.
 *
 * <pre>{@code
 * ProxyRuntime runtime = ProxyRuntime.builder()
 *     .eventLoopThreads(0)                       // one per core
 *     .adminAddress("127.0.0.1", 9901)           // /ready answers 503 until the first config
 *     .build();
 * List<String> errors = runtime.apply(config);  // empty: applied
 * }</pre>
 *
 * <p>Applying a config, on the thread that calls {@link #apply} (the stream thread, never an event
 * loop): (1) compile and validate it, collecting every error (a pure function: {@link
 * RuntimeConfigCompiler}); (2) bind it to this host ({@link ConfigBinder}: endpoint names resolved,
 * outbounds off this host left out, the previous binding's objects reused where equal), then bind
 * the listener addresses (and admin and metrics addresses) it adds, failing as a whole when one
 * cannot be bound; (3) swap the config in force (new requests use it; requests in flight finish
 * with theirs); (4) stop accepting on removed addresses and drain their connections.
 */
public final class ProxyRuntime implements ConfigSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProxyRuntime.class);

  private final Transport transport;
  private final ActiveConfig active = new ActiveConfig();
  private final UpstreamStats stats = new UpstreamStats();
  private final ListenerStats listenerStats = new ListenerStats();
  private final UpstreamPools pools;
  private final AccessLogSinks accessLogs = new AccessLogSinks();
  private final SpanExporters spanExporters = new SpanExporters();
  private final ListenerManager listeners;
  private final AdminServer admin;
  private final AdminServer readiness;
  private final ProxyMetrics metrics;
  private final MetricsServer metricsServer;
  private final RuntimeConfigCompiler compiler;
  private final ConfigBinder binder;
  private final Duration shutdownTimeout;
  private boolean isClosed;
  private boolean lastRefusalIsTransient;
  private volatile boolean isDraining;

  private ProxyRuntime(Builder builder) {
    this.transport = Transport.start(builder.eventLoopThreads, builder.transport);
    this.compiler =
        builder.compiler != null
            ? builder.compiler
            : new RuntimeConfigCompiler(
                Clock.systemUTC(), TlsContexts.create(builder.preferOpenSsl));
    this.binder = new ConfigBinder(builder.hostResolver);
    this.shutdownTimeout = builder.shutdownTimeout;
    this.pools = new UpstreamPools(transport, stats);
    HttpServices services =
        new HttpServices(pools, builder.mirrorSampler, accessLogs, spanExporters);
    this.metrics = new ProxyMetrics(listenerStats, stats, accessLogs);
    this.metricsServer = new MetricsServer(transport, metrics);
    this.listeners =
        new ListenerManager(
            transport,
            active,
            new HttpServerInitializer(
                active,
                services,
                listener -> new HttpMetricsHandler(metrics.http(listener.name()))),
            new TcpProxyInitializer(pools, accessLogs),
            listenerStats);
    this.admin = new AdminServer(transport, active, stats, listenerStats);
    this.readiness = AdminServer.readinessOnly(transport, active, stats, listenerStats);
    if (builder.adminAddress != null) {
      try {
        admin.swap(admin.bind(builder.adminAddress));
      } catch (IllegalStateException e) {
        transport.close();
        throw e;
      }
    }
    log.atInfo()
        .addKeyValue("native", transport.isNative())
        .addKeyValue("transport", transport.kind().optionName())
        .addKeyValue("tls", compiler.tls().providerName())
        .log("proxy runtime started");
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Validates {@code config} and applies it as a whole; on any error nothing changes and the config
   * in force keeps serving.
   *
   * @return every error (validation, then binding), empty when applied
   */
  @Override
  public synchronized List<String> apply(ProxyConfig config) {
    Objects.requireNonNull(config, "config");
    lastRefusalIsTransient = false;
    if (isClosed) {
      return List.of("proxy runtime is closed");
    }
    if (isDraining) {
      return List.of("proxy is draining for shutdown: no config is applied any more");
    }
    RuntimeConfig compiled;
    try {
      compiled = compiler.compile(config);
    } catch (InvalidConfigException e) {
      log.atWarn()
          .addKeyValue("version", config.getVersion())
          .addKeyValue("errors", e.errors().size())
          .log("config rejected");
      return e.errors();
    }
    BoundConfig next = binder.bind(compiled, active.getOrNull());
    AdminServer.Binding adminBinding = null;
    Optional<BindAddress> nextAdmin = compiled.admin();
    if (nextAdmin.isPresent() && !nextAdmin.equals(admin.address())) {
      try {
        adminBinding = admin.bind(nextAdmin.get());
      } catch (IllegalStateException e) {
        lastRefusalIsTransient = true;
        return List.of("admin: " + e.getMessage());
      }
    }
    MetricsServer.Binding metricsBinding = null;
    Optional<MetricsEndpointConfig> nextMetrics = compiled.metrics();
    if (nextMetrics.isPresent() && metricsServer.needsBinding(nextMetrics.get())) {
      try {
        metricsBinding = metricsServer.bind(nextMetrics.get());
      } catch (IllegalStateException e) {
        if (adminBinding != null) {
          adminBinding.channel().close().syncUninterruptibly();
        }
        log.atWarn()
            .addKeyValue("version", config.getVersion())
            .addKeyValue("errors", 1)
            .log("config rejected");
        lastRefusalIsTransient = true;
        return List.of("metrics: " + e.getMessage());
      }
    }
    ListenerManager.Result result = listeners.prepare(next);
    if (result.plan() == null) {
      if (adminBinding != null) {
        adminBinding.channel().close().syncUninterruptibly();
      }
      if (metricsBinding != null) {
        metricsBinding.channel().close().syncUninterruptibly();
      }
      log.atWarn()
          .addKeyValue("version", config.getVersion())
          .addKeyValue("errors", result.errors())
          .log("config rejected");
      lastRefusalIsTransient = true;
      return result.errors();
    }
    pools.update(next.clusters().values());
    active.set(next);
    result.plan().commit();
    accessLogs.retain(next.config().accessLogSinks());
    spanExporters.retain(next.config().spanCollectors());
    if (adminBinding != null) {
      admin.swap(adminBinding);
    }
    applyReadiness(compiled.readiness(), config.getVersion());
    metrics.apply(next);
    if (metricsBinding != null) {
      metricsServer.swap(metricsBinding);
    } else if (nextMetrics.isPresent()) {
      metricsServer.serve(nextMetrics.get());
    } else {
      metricsServer.close();
    }
    log.atInfo()
        .addKeyValue("version", config.getVersion())
        .addKeyValue("listeners", next.config().listeners().size())
        .addKeyValue("clusters", next.clusters().size())
        .log("config applied");
    return List.of();
  }

  /**
   * Serves {@code /ready} at the config's readiness address. Best effort, as one listener of many:
   * an address that cannot be bound (not this host's, or taken) is logged and the config applies
   * without it; the next config tries again.
   */
  private void applyReadiness(Optional<BindAddress> next, String version) {
    if (next.isEmpty()) {
      readiness.close();
      return;
    }
    if (next.equals(readiness.address())) {
      return;
    }
    try {
      readiness.swap(readiness.bind(next.get()));
    } catch (IllegalStateException e) {
      readiness.close();
      log.atWarn()
          .addKeyValue("version", version)
          .addKeyValue("address", next.get())
          .addKeyValue("reason", e.getMessage())
          .log("readiness not served at the dataplane's address");
    }
  }

  /** Where {@code /ready} alone is served besides the admin address (with the bound port). */
  public synchronized Optional<InetSocketAddress> readinessAddress() {
    return readiness.localAddress();
  }

  /** True when the last refusal was only addresses that could not be bound. */
  @Override
  public synchronized boolean lastRefusalIsTransient() {
    return lastRefusalIsTransient;
  }

  /** The config in force; empty before the first one. */
  public Optional<ProxyConfig> activeConfig() {
    return active.get().map(bound -> bound.config().source());
  }

  /** The port a listener of the config in force is bound to (useful for port 0). */
  public synchronized OptionalInt listenerPort(String listenerName) {
    BoundConfig config = active.getOrNull();
    if (config == null) {
      return OptionalInt.empty();
    }
    for (ListenerConfig listener : config.config().listeners()) {
      if (listener.name().equals(listenerName)) {
        return listeners.boundPort(listener.bind());
      }
    }
    return OptionalInt.empty();
  }

  /** Where the admin server listens (with the bound port), when it does. */
  public synchronized Optional<InetSocketAddress> adminAddress() {
    return admin.localAddress();
  }

  /** Where the Prometheus metrics are served (with the bound port), when they are. */
  public synchronized Optional<InetSocketAddress> metricsAddress() {
    return metricsServer.localAddress();
  }

  /** The proxy's meters (also served on the config's metrics endpoint). */
  public ProxyMetrics metrics() {
    return metrics;
  }

  /** Whether the native epoll transport is in use. */
  public boolean isNativeTransport() {
    return transport.isNative();
  }

  /** The kind of I/O the event loops use. */
  public Transport.Kind transportKind() {
    return transport.kind();
  }

  /** Whether TLS runs on OpenSSL (BoringSSL) rather than the JDK. */
  public boolean isOpenSsl() {
    return compiler.tls().isOpenSsl();
  }

  /** Connection counters per listener name (also at the admin server's {@code /listeners}). */
  public ListenerStats listenerStats() {
    return listenerStats;
  }

  /** The access log sinks (lines written and dropped per sink). */
  public AccessLogSinks accessLogSinks() {
    return accessLogs;
  }

  /** The span exporters (spans exported and dropped per collector). */
  public SpanExporters spanExporters() {
    return spanExporters;
  }

  /** The upstream pools (tests look at how many pools an event loop has). */
  public UpstreamPools upstreamPools() {
    return pools;
  }

  /**
   * Graceful shutdown, first half: stops accepting on every listener and lets in-flight requests
   * finish (keep-alive connections close after their current exchange). The admin server keeps
   * answering, {@code /ready} with 503.
   *
   * @return completes when no downstream connection is left
   */
  public synchronized java.util.concurrent.CompletionStage<Void> drain() {
    if (isClosed) {
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
    isDraining = true;
    log.info("draining: listeners closed, waiting for connections to finish");
    return listeners.drainAll();
  }

  /** Whether {@link #drain()} was called: the proxy no longer serves new connections. */
  public boolean isDraining() {
    return isDraining;
  }

  /** Closes listeners and the admin server, then stops the event loops. */
  @Override
  public synchronized void close() {
    if (isClosed) {
      return;
    }
    isClosed = true;
    listeners.close();
    admin.close();
    readiness.close();
    metricsServer.close();
    transport.shutdown(shutdownTimeout);
    accessLogs.close();
    spanExporters.close();
    log.info("proxy runtime stopped");
  }

  /** Settings of a runtime. */
  public static final class Builder {
    private int eventLoopThreads;
    private Transport.Kind transport = Transport.Kind.IO_URING;
    private BindAddress adminAddress;
    private boolean preferOpenSsl = true;
    private FractionSampler mirrorSampler = FractionSampler.threadLocalRandom();
    private RuntimeConfigCompiler compiler;
    private HostResolver hostResolver = InetAddress::getByName;
    private Duration shutdownTimeout = Duration.ofSeconds(5);

    private Builder() {}

    /** Event loops; 0 (the default) = one per available processor. */
    public Builder eventLoopThreads(int threads) {
      if (threads < 0) {
        throw new IllegalArgumentException("threads must be >= 0, got " + threads);
      }
      this.eventLoopThreads = threads;
      return this;
    }

    /** Use native epoll when available (the default); false forces NIO. */
    public Builder preferNativeTransport(boolean preferNative) {
      this.transport = preferNative ? Transport.Kind.EPOLL : Transport.Kind.NIO;
      return this;
    }

    /** The event loops' I/O (default io_uring); a kind the platform lacks falls back. */
    public Builder transport(Transport.Kind kind) {
      this.transport = java.util.Objects.requireNonNull(kind, "kind");
      return this;
    }

    /**
     * Use OpenSSL (BoringSSL) for TLS when available (the default); false forces the JDK. Ignored
     * when a {@link #compiler} is given (its TLS engine is used).
     */
    public Builder preferOpenSsl(boolean preferOpenSsl) {
      this.preferOpenSsl = preferOpenSsl;
      return this;
    }

    /**
     * The admin server's address before (and unless) a config names one; port 0 = any free port.
     * Unset: no admin server until a config names one.
     */
    public Builder adminAddress(String host, int port) {
      this.adminAddress = BindAddress.of(host, port, "admin");
      return this;
    }

    /** The random source of mirror sampling (tests make it deterministic). */
    public Builder mirrorSampler(FractionSampler sampler) {
      this.mirrorSampler = Objects.requireNonNull(sampler, "sampler");
      return this;
    }

    /** The config compiler (tests pass one with a fake clock or TLS engine). */
    public Builder compiler(RuntimeConfigCompiler compiler) {
      this.compiler = Objects.requireNonNull(compiler, "compiler");
      return this;
    }

    /** How endpoint host names are resolved when a config is bound (tests pass a fake). */
    public Builder hostResolver(HostResolver resolver) {
      this.hostResolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** How long {@link ProxyRuntime#close()} waits for the event loops. */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Starts the event loops and binds the bootstrap admin address. */
    public ProxyRuntime build() {
      return new ProxyRuntime(this);
    }
  }
}
