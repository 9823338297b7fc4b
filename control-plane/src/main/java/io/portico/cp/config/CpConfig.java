package io.portico.cp.config;

import io.portico.cp.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The effective configuration of one control plane (spec/core.md §8).
 *
 * @param environment universal or kubernetes
 * @param store which store to use
 * @param apiServer the REST API listeners and their authentication
 * @param dpServer the data-plane server: where proxies open their config stream
 * @param xdsServer how configs and insights are kept in sync with connected proxies
 * @param diagnostics the health and readiness server
 * @param general work directory and TLS files
 * @param defaults what to create at first start
 * @param kubernetes the Kubernetes settings (used with environment kubernetes)
 * @param effectiveJson the merged configuration as JSON with passwords masked, for {@code GET
 *     /config}
 */
public record CpConfig(
    Environment environment,
    Store store,
    ApiServer apiServer,
    DpServer dpServer,
    XdsServer xdsServer,
    Runtime runtime,
    Metrics metrics,
    Diagnostics diagnostics,
    General general,
    Defaults defaults,
    Kubernetes kubernetes,
    String effectiveJson) {
  public CpConfig {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(kubernetes, "kubernetes");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(apiServer, "apiServer");
    Objects.requireNonNull(dpServer, "dpServer");
    Objects.requireNonNull(xdsServer, "xdsServer");
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(diagnostics, "diagnostics");
    Objects.requireNonNull(general, "general");
    Objects.requireNonNull(defaults, "defaults");
    Objects.requireNonNull(effectiveJson, "effectiveJson");
  }

  /** The store settings that {@link io.portico.cp.store.Stores#open} takes. */
  public StoreSettings storeSettings() {
    return switch (store.type()) {
      case KUBERNETES -> StoreSettings.kubernetes();
      case MEMORY -> StoreSettings.memory();
      case SQLITE -> StoreSettings.sqlite(general.workDir().resolve("portico.db"));
      case POSTGRES -> {
        Postgres p = store.postgres();
        yield StoreSettings.postgres(
            new StoreSettings.Postgres(
                p.host(),
                p.port(),
                p.user(),
                p.password(),
                p.dbName(),
                p.maxOpenConnections(),
                p.connectionTimeout(),
                p.changePollInterval()));
      }
    };
  }

  /** {@code store.*}. */
  public record Store(StoreSettings.Type type, Postgres postgres) {}

  /** {@code store.postgres.*}. */
  public record Postgres(
      String host,
      int port,
      String user,
      String password,
      String dbName,
      int maxOpenConnections,
      Duration connectionTimeout,
      Duration changePollInterval) {
    @Override
    public String toString() {
      return "Postgres[host="
          + host
          + ", port="
          + port
          + ", user="
          + user
          + ", password=*****, dbName="
          + dbName
          + ", maxOpenConnections="
          + maxOpenConnections
          + ", connectionTimeout="
          + connectionTimeout
          + ", changePollInterval="
          + changePollInterval
          + "]";
    }
  }

  /**
   * One listener ({@code apiServer.http}, {@code apiServer.https}).
   *
   * @param enabled whether to listen at all
   * @param interfaceAddress the address to bind ({@code 0.0.0.0} for all)
   * @param port the port; 0 picks a free one
   */
  public record Listener(boolean enabled, String interfaceAddress, int port) {}

  /**
   * {@code apiServer.*}.
   *
   * @param isReadOnly PUT and DELETE of resources answer 405 (on Kubernetes, kubectl writes)
   */
  public record ApiServer(
      Listener http, Listener https, Authn authn, long maxRequestBodyBytes, boolean isReadOnly) {}

  /** {@code apiServer.authn.*} (spec/core.md §6.3). */
  public record Authn(boolean localhostIsAdmin, boolean bootstrapAdminToken) {}

  /**
   * {@code dpServer.*}.
   *
   * @param port the port; 0 picks a free one
   * @param interfaceAddress the address to bind ({@code 0.0.0.0} for all); a Portico addition
   * @param authType how proxies authenticate ({@code dpServer.auth.type}, resolved for the
   *     environment)
   */
  public record DpServer(int port, String interfaceAddress, DpAuthType authType) {}

  /** {@code environment}. */
  public enum Environment {
    UNIVERSAL,
    KUBERNETES
  }

  /** {@code dpServer.auth.type}. */
  public enum DpAuthType {
    /** Dataplane tokens (JWTs signed by the mesh's signing key). */
    DP_TOKEN,
    /** The pod's service account token, checked with a TokenReview (Kubernetes). */
    SERVICE_ACCOUNT_TOKEN,
    /** No authentication (tests). */
    NONE
  }

  /**
   * {@code store.kubernetes.*} and {@code runtime.kubernetes.*}.
   *
   * @param settings what the controllers, webhooks and injector use
   * @param caCertFile the CA file whose PEM proxies trust the control plane with, or null
   */
  public record Kubernetes(io.portico.cp.k8s.KubernetesSettings settings, Path caCertFile) {
    public Kubernetes {
      Objects.requireNonNull(settings, "settings");
    }
  }

  /**
   * {@code xdsServer.*} (spec/core.md §8; Kuma's names kept although there is no xDS).
   *
   * @param dataplaneConfigurationRefreshInterval how often every proxy's config is recomputed
   * @param dataplaneStatusFlushInterval at most how often an insight is written on ACK/NACK
   * @param nackBackoff after this long a rejected config is sent once more
   */
  public record XdsServer(
      Duration dataplaneConfigurationRefreshInterval,
      Duration dataplaneStatusFlushInterval,
      Duration nackBackoff) {}

  /**
   * {@code runtime.universal.*}.
   *
   * @param dataplaneCleanupAge how long a dataplane's proxy may stay disconnected before the leader
   *     deletes the dataplane
   */
  public record Runtime(Duration dataplaneCleanupAge) {}

  /**
   * {@code metrics.dataplane.*}.
   *
   * @param dataplaneIdleTimeout how long a subscription may go without a sign of life from its
   *     control plane before the leader marks it disconnected
   */
  public record Metrics(Duration dataplaneIdleTimeout) {}

  /** {@code diagnostics.*}. */
  public record Diagnostics(int serverPort) {}

  /**
   * {@code general.*}.
   *
   * @param workDir where the control plane keeps its files (database, certificate, ports.json)
   * @param tlsCertFile the configured certificate (PEM), or null to generate one
   * @param tlsKeyFile the configured private key (PEM), or null to generate one
   */
  public record General(Path workDir, Path tlsCertFile, Path tlsKeyFile) {
    public General {
      Objects.requireNonNull(workDir, "workDir");
    }

    /** Whether a certificate and key are configured (both or neither are). */
    public boolean isTlsConfigured() {
      return tlsCertFile != null;
    }
  }

  /** {@code defaults.*}. */
  public record Defaults(boolean skipMeshCreation) {}
}
