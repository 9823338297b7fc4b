package io.portico.cp.dpserver;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.portico.cp.ca.MeshCas;
import io.portico.cp.config.CpConfig;
import io.portico.cp.identity.DataplaneIdentities;
import io.portico.cp.identity.IdentityIssuer;
import io.portico.cp.insight.DataplaneInsights;
import io.portico.cp.secret.DataSourceResolver;
import io.portico.cp.store.manager.ResourceManager;
import io.portico.cp.tls.ServerCertificate;
import io.portico.mesh.api.codec.ResourceCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DP server (DESIGN.md "Control plane ↔ proxy"): gRPC over TLS with the control plane's
 * certificate on {@code dpServer.port} (port 0 picks a free one, {@link #port()} tells which),
 * serving {@code ProxyDiscoveryService.StreamConfig}.
 *
 * <pre>
 *  start: TLS context ─▶ ConfigSync (feed subscription, refresh timer) ─▶ gRPC server bound
 *  close: ConfigSync (streams end UNAVAILABLE, disconnects recorded) ─▶ gRPC server ─▶ callbacks
 * </pre>
 */
public final class DpServer implements AutoCloseable {
  /** How long snapshot changes are collected before a rebuild (bursts rebuild once). */
  public static final Duration CHANGE_DEBOUNCE = Duration.ofMillis(100);

  private static final Logger log = LoggerFactory.getLogger(DpServer.class);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

  /**
   * Everything the DP server needs.
   *
   * @param server {@code dpServer.*}
   * @param xds {@code xdsServer.*}
   * @param metrics how often open streams must show they are alive (a third of the idle timeout)
   * @param certificate the control plane's certificate, presented to proxies
   * @param instanceId this control-plane instance, recorded in subscriptions
   * @param manager the validating write path in front of the store
   * @param codec parses the Dataplane a proxy sends
   * @param authenticator decides who a proxy is from its token ({@code dpServer.auth.type})
   * @param insights writes DataplaneInsights
   * @param compiler compiles one proxy's config
   * @param clock the time of insights and of certificates (issuance, rotation)
   * @param cas reads the meshes' CAs (trust and signing material)
   * @param dataSources reads the data sources that mesh resources name
   */
  public record Settings(
      CpConfig.DpServer server,
      CpConfig.XdsServer xds,
      CpConfig.Metrics metrics,
      ServerCertificate certificate,
      String instanceId,
      ResourceManager manager,
      ResourceCodec codec,
      ProxyAuthenticator authenticator,
      DataplaneInsights insights,
      ConfigCompiler compiler,
      Clock clock,
      MeshCas cas,
      DataSourceResolver dataSources) {
    public Settings {
      Objects.requireNonNull(server, "server");
      Objects.requireNonNull(xds, "xds");
      Objects.requireNonNull(metrics, "metrics");
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(instanceId, "instanceId");
      Objects.requireNonNull(manager, "manager");
      Objects.requireNonNull(codec, "codec");
      Objects.requireNonNull(authenticator, "authenticator");
      Objects.requireNonNull(insights, "insights");
      Objects.requireNonNull(compiler, "compiler");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(cas, "cas");
      Objects.requireNonNull(dataSources, "dataSources");
    }
  }

  private final Server server;
  private final ConfigSync sync;
  private final ExecutorService callbacks;

  private DpServer(Server server, ConfigSync sync, ExecutorService callbacks) {
    this.server = server;
    this.sync = sync;
    this.callbacks = callbacks;
  }

  /**
   * Binds the port and starts serving.
   *
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static DpServer start(Settings s) {
    return start(s, nanos -> {});
  }

  /**
   * Binds the port and starts serving, handing the compile time of each proxy config (nanoseconds)
   * to {@code compileNanos}.
   *
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static DpServer start(Settings s, java.util.function.LongConsumer compileNanos) {
    SslContext tls = tlsContext(s.certificate());
    StreamHandshake handshake = new StreamHandshake(s.manager(), s.codec(), s.authenticator());
    ConfigSync sync =
        new ConfigSync(
            new ConfigSync.Settings(
                s.xds().dataplaneConfigurationRefreshInterval(),
                s.xds().dataplaneStatusFlushInterval(),
                s.xds().nackBackoff(),
                CHANGE_DEBOUNCE,
                s.metrics().dataplaneIdleTimeout().dividedBy(3),
                s.instanceId()),
            s.manager().store(),
            s.manager(),
            new MeshSnapshots(s.manager().store(), s.codec(), s.cas(), s.dataSources()),
            new DataplaneIdentities(s.cas(), new IdentityIssuer(s.clock()), s.clock()),
            s.compiler(),
            handshake,
            s.insights(),
            s.clock(),
            compileNanos);
    ExecutorService callbacks = callbackExecutor();
    InetSocketAddress address =
        new InetSocketAddress(s.server().interfaceAddress(), s.server().port());
    Server server =
        NettyServerBuilder.forAddress(address)
            .sslContext(tls)
            .executor(callbacks)
            .permitKeepAliveTime(30, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            .keepAliveTime(60, TimeUnit.SECONDS)
            .keepAliveTimeout(20, TimeUnit.SECONDS)
            .addService(
                ServerInterceptors.intercept(
                    new ConfigStreamService(handshake, sync), new StreamMetadata()))
            .build();
    sync.start();
    try {
      server.start();
    } catch (IOException e) {
      sync.close();
      callbacks.shutdownNow();
      throw new UncheckedIOException(
          "cannot listen on dpServer.port "
              + s.server().port()
              + " ("
              + s.server().interfaceAddress()
              + "): "
              + e.getMessage(),
          e);
    }
    DpServer dp = new DpServer(server, sync, callbacks);
    log.info("DP server listening port={}", dp.port());
    return dp;
  }

  private static SslContext tlsContext(ServerCertificate certificate) {
    try {
      return GrpcSslContexts.configure(
              SslContextBuilder.forServer(
                  certificate.key(), certificate.chain().toArray(new X509Certificate[0])))
          .protocols("TLSv1.3", "TLSv1.2")
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException(
          "cannot set up TLS for the DP server with the control plane's certificate: "
              + e.getMessage(),
          e);
    }
  }

  private static ExecutorService callbackExecutor() {
    AtomicInteger n = new AtomicInteger();
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, "dp-server-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** The bound port. */
  public int port() {
    List<? extends java.net.SocketAddress> addresses = server.getListenSockets();
    if (!addresses.isEmpty() && addresses.get(0) instanceof InetSocketAddress inet) {
      return inet.getPort();
    }
    return server.getPort();
  }

  /** How many proxy configs were compiled since start (for tests and metrics). */
  public long compilations() {
    return sync.compilations();
  }

  /** How many configs were sent to proxies since start. */
  public long configsSent() {
    return sync.configsSent();
  }

  /** How many configs proxies accepted (ACK) since start. */
  public long configsAcked() {
    return sync.configsAcked();
  }

  /** How many configs proxies rejected (NACK) since start. */
  public long configsNacked() {
    return sync.configsNacked();
  }

  /** How many proxies are connected now. */
  public int connectedProxies() {
    return sync.connectedCount();
  }

  /** Ends every stream (UNAVAILABLE), records the disconnects, stops listening. */
  @Override
  public void close() {
    sync.close();
    server.shutdown();
    try {
      if (!server.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    callbacks.shutdownNow();
    log.info("DP server stopped");
  }
}
