package io.portico.cp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.cp.store.StoreSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
  @TempDir Path dir;

  private CpConfig load(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.putIfAbsent("HOME", dir.toString());
    return new ConfigLoader(all).load(Optional.empty());
  }

  private CpConfig loadFile(String yaml, Map<String, String> env) throws IOException {
    Path file = dir.resolve("cp.yaml");
    Files.writeString(file, yaml);
    Map<String, String> all = new HashMap<>(env);
    all.putIfAbsent("HOME", dir.toString());
    return new ConfigLoader(all).load(Optional.of(file));
  }

  @Test
  void defaultsApplyWithoutFileOrEnvironment() {
    CpConfig c = load(Map.of());
    assertThat(c.store().type()).isEqualTo(StoreSettings.Type.SQLITE);
    assertThat(c.storeSettings().sqliteFile()).isEqualTo(dir.resolve(".portico/portico.db"));
    assertThat(c.apiServer().http().port()).isEqualTo(5681);
    assertThat(c.apiServer().http().interfaceAddress()).isEqualTo("0.0.0.0");
    assertThat(c.apiServer().https().port()).isEqualTo(5682);
    assertThat(c.apiServer().https().enabled()).isTrue();
    assertThat(c.apiServer().authn().localhostIsAdmin()).isTrue();
    assertThat(c.apiServer().authn().bootstrapAdminToken()).isTrue();
    assertThat(c.apiServer().maxRequestBodyBytes()).isEqualTo(1024 * 1024);
    assertThat(c.dpServer().port()).isEqualTo(5678);
    assertThat(c.diagnostics().serverPort()).isEqualTo(5680);
    assertThat(c.general().workDir()).isEqualTo(dir.resolve(".portico"));
    assertThat(c.general().isTlsConfigured()).isFalse();
    assertThat(c.defaults().skipMeshCreation()).isFalse();
    assertThat(c.store().postgres().connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.runtime().dataplaneCleanupAge()).isEqualTo(Duration.ofHours(72));
    assertThat(c.metrics().dataplaneIdleTimeout()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void envVarNameIsThePathInUpperSnake() {
    assertThat(ConfigLoader.envVarOf("store.postgres.dbName"))
        .isEqualTo("PORTICO_STORE_POSTGRES_DB_NAME");
    assertThat(ConfigLoader.envVarOf("apiServer.http.port"))
        .isEqualTo("PORTICO_API_SERVER_HTTP_PORT");
    assertThat(ConfigLoader.envVarOf("apiServer.authn.tokens.bootstrapAdminToken"))
        .isEqualTo("PORTICO_API_SERVER_AUTHN_TOKENS_BOOTSTRAP_ADMIN_TOKEN");
  }

  static Stream<Arguments> everyEnvironmentVariable() {
    return Stream.of(
        env("PORTICO_STORE_TYPE", "postgres", c -> c.store().type(), StoreSettings.Type.POSTGRES),
        env(
            "PORTICO_STORE_POSTGRES_HOST",
            "db.example",
            c -> c.store().postgres().host(),
            "db.example"),
        env("PORTICO_STORE_POSTGRES_PORT", "15432", c -> c.store().postgres().port(), 15432),
        env("PORTICO_STORE_POSTGRES_USER", "kuma", c -> c.store().postgres().user(), "kuma"),
        env(
            "PORTICO_STORE_POSTGRES_PASSWORD",
            "s3cret",
            c -> c.store().postgres().password(),
            "s3cret"),
        env("PORTICO_STORE_POSTGRES_DB_NAME", "mesh", c -> c.store().postgres().dbName(), "mesh"),
        env(
            "PORTICO_STORE_POSTGRES_MAX_OPEN_CONNECTIONS",
            "7",
            c -> c.store().postgres().maxOpenConnections(),
            7),
        env(
            "PORTICO_STORE_POSTGRES_CONNECTION_TIMEOUT",
            "2s",
            c -> c.store().postgres().connectionTimeout(),
            Duration.ofSeconds(2)),
        env(
            "PORTICO_STORE_POSTGRES_CHANGE_POLL_INTERVAL",
            "250ms",
            c -> c.store().postgres().changePollInterval(),
            Duration.ofMillis(250)),
        env("PORTICO_API_SERVER_HTTP_ENABLED", "false", c -> c.apiServer().http().enabled(), false),
        env(
            "PORTICO_API_SERVER_HTTP_INTERFACE",
            "127.0.0.1",
            c -> c.apiServer().http().interfaceAddress(),
            "127.0.0.1"),
        env("PORTICO_API_SERVER_HTTP_PORT", "0", c -> c.apiServer().http().port(), 0),
        env(
            "PORTICO_API_SERVER_HTTPS_ENABLED",
            "false",
            c -> c.apiServer().https().enabled(),
            false),
        env(
            "PORTICO_API_SERVER_HTTPS_INTERFACE",
            "::1",
            c -> c.apiServer().https().interfaceAddress(),
            "::1"),
        env("PORTICO_API_SERVER_HTTPS_PORT", "6682", c -> c.apiServer().https().port(), 6682),
        env(
            "PORTICO_API_SERVER_AUTHN_LOCALHOST_IS_ADMIN",
            "false",
            c -> c.apiServer().authn().localhostIsAdmin(),
            false),
        env(
            "PORTICO_API_SERVER_AUTHN_TOKENS_BOOTSTRAP_ADMIN_TOKEN",
            "FALSE",
            c -> c.apiServer().authn().bootstrapAdminToken(),
            false),
        env(
            "PORTICO_API_SERVER_MAX_REQUEST_BODY_BYTES",
            "2048",
            c -> c.apiServer().maxRequestBodyBytes(),
            2048L),
        env("PORTICO_DP_SERVER_PORT", "6678", c -> c.dpServer().port(), 6678),
        env(
            "PORTICO_DP_SERVER_INTERFACE",
            "127.0.0.1",
            c -> c.dpServer().interfaceAddress(),
            "127.0.0.1"),
        env(
            "PORTICO_XDS_SERVER_DATAPLANE_CONFIGURATION_REFRESH_INTERVAL",
            "250ms",
            c -> c.xdsServer().dataplaneConfigurationRefreshInterval(),
            Duration.ofMillis(250)),
        env(
            "PORTICO_XDS_SERVER_DATAPLANE_STATUS_FLUSH_INTERVAL",
            "10s",
            c -> c.xdsServer().dataplaneStatusFlushInterval(),
            Duration.ofSeconds(10)),
        env(
            "PORTICO_XDS_SERVER_NACK_BACKOFF",
            "1m",
            c -> c.xdsServer().nackBackoff(),
            Duration.ofMinutes(1)),
        env(
            "PORTICO_RUNTIME_UNIVERSAL_DATAPLANE_CLEANUP_AGE",
            "24h",
            c -> c.runtime().dataplaneCleanupAge(),
            Duration.ofHours(24)),
        env(
            "PORTICO_METRICS_DATAPLANE_IDLE_TIMEOUT",
            "1m",
            c -> c.metrics().dataplaneIdleTimeout(),
            Duration.ofMinutes(1)),
        env("PORTICO_DIAGNOSTICS_SERVER_PORT", "6680", c -> c.diagnostics().serverPort(), 6680),
        env(
            "PORTICO_GENERAL_WORK_DIR",
            "/var/lib/portico",
            c -> c.general().workDir(),
            Path.of("/var/lib/portico")),
        env(
            "PORTICO_DEFAULTS_SKIP_MESH_CREATION",
            "true",
            c -> c.defaults().skipMeshCreation(),
            true));
  }

  private static Arguments env(
      String var, String value, Function<CpConfig, Object> read, Object expected) {
    return Arguments.of(var, value, read, expected);
  }

  /** The keys read on Kubernetes (spec/kubernetes.md §10), each over a Kubernetes configuration. */
  static Stream<Arguments> everyKubernetesEnvironmentVariable() {
    String s = "PORTICO_RUNTIME_KUBERNETES_INJECTOR_SIDECAR_CONTAINER_";
    return Stream.of(
        env(
            "PORTICO_ENVIRONMENT",
            "kubernetes",
            CpConfig::environment,
            CpConfig.Environment.KUBERNETES),
        env(
            "PORTICO_STORE_KUBERNETES_SYSTEM_NAMESPACE",
            "kong-mesh-system",
            c -> c.kubernetes().settings().systemNamespace(),
            "kong-mesh-system"),
        env("PORTICO_API_SERVER_READ_ONLY", "true", c -> c.apiServer().isReadOnly(), true),
        env(
            "PORTICO_DP_SERVER_AUTH_TYPE",
            "none",
            c -> c.dpServer().authType(),
            CpConfig.DpAuthType.NONE),
        env(
            "PORTICO_RUNTIME_KUBERNETES_CONTROL_PLANE_SERVICE_NAME",
            "mesh-cp",
            c -> c.kubernetes().settings().controlPlaneUrl(),
            "https://mesh-cp.kuma-system:5678"),
        env(
            "PORTICO_RUNTIME_KUBERNETES_SERVICE_ACCOUNT_NAME",
            "system:serviceaccount:mesh:cp",
            c -> c.kubernetes().settings().serviceAccountName(),
            "system:serviceaccount:mesh:cp"),
        env(
            "PORTICO_RUNTIME_KUBERNETES_ADMISSION_SERVER_ADDRESS",
            "10.0.0.1",
            c -> c.kubernetes().settings().admissionServer().address(),
            "10.0.0.1"),
        env(
            "PORTICO_RUNTIME_KUBERNETES_ADMISSION_SERVER_PORT",
            "9443",
            c -> c.kubernetes().settings().admissionServer().port(),
            9443),
        env(
            "PORTICO_RUNTIME_KUBERNETES_ADMISSION_SERVER_CERT_DIR",
            "/tls",
            c -> c.kubernetes().settings().admissionServer().certDir(),
            "/tls"),
        env(
            "PORTICO_RUNTIME_KUBERNETES_INJECTOR_CA_CERT_FILE",
            "/tls/ca.crt",
            c -> c.kubernetes().caCertFile(),
            Path.of("/tls/ca.crt")),
        env(
            "PORTICO_RUNTIME_KUBERNETES_INJECTOR_EXCEPTIONS_LABELS",
            "skip:*,team:ops",
            c -> c.kubernetes().settings().injectionExceptionLabels(),
            Map.of("skip", "*", "team", "ops")),
        env(s + "IMAGE", "reg/dp:1", c -> c.kubernetes().settings().sidecar().image(), "reg/dp:1"),
        env(s + "UID", "1000", c -> c.kubernetes().settings().sidecar().uid(), 1000L),
        env(s + "GID", "1001", c -> c.kubernetes().settings().sidecar().gid(), 1001L),
        env(s + "ADMIN_PORT", "9902", c -> c.kubernetes().settings().sidecar().adminPort(), 9902),
        env(
            s + "DRAIN_TIME",
            "45s",
            c -> c.kubernetes().settings().sidecar().drainTime(),
            Duration.ofSeconds(45)),
        env(
            s + "ENV_VARS",
            "A:1,B:2",
            c -> c.kubernetes().settings().sidecar().envVars(),
            Map.of("A", "1", "B", "2")),
        env(
            s + "READINESS_PROBE_INITIAL_DELAY_SECONDS",
            "7",
            c -> c.kubernetes().settings().sidecar().readinessProbe().initialDelaySeconds(),
            7),
        env(
            s + "READINESS_PROBE_TIMEOUT_SECONDS",
            "8",
            c -> c.kubernetes().settings().sidecar().readinessProbe().timeoutSeconds(),
            8),
        env(
            s + "READINESS_PROBE_PERIOD_SECONDS",
            "9",
            c -> c.kubernetes().settings().sidecar().readinessProbe().periodSeconds(),
            9),
        env(
            s + "READINESS_PROBE_SUCCESS_THRESHOLD",
            "2",
            c -> c.kubernetes().settings().sidecar().readinessProbe().successThreshold(),
            2),
        env(
            s + "READINESS_PROBE_FAILURE_THRESHOLD",
            "4",
            c -> c.kubernetes().settings().sidecar().readinessProbe().failureThreshold(),
            4),
        env(
            s + "LIVENESS_PROBE_INITIAL_DELAY_SECONDS",
            "61",
            c -> c.kubernetes().settings().sidecar().livenessProbe().initialDelaySeconds(),
            61),
        env(
            s + "LIVENESS_PROBE_TIMEOUT_SECONDS",
            "4",
            c -> c.kubernetes().settings().sidecar().livenessProbe().timeoutSeconds(),
            4),
        env(
            s + "LIVENESS_PROBE_PERIOD_SECONDS",
            "6",
            c -> c.kubernetes().settings().sidecar().livenessProbe().periodSeconds(),
            6),
        env(
            s + "LIVENESS_PROBE_FAILURE_THRESHOLD",
            "13",
            c -> c.kubernetes().settings().sidecar().livenessProbe().failureThreshold(),
            13),
        env(
            s + "RESOURCES_REQUESTS_CPU",
            "100m",
            c -> c.kubernetes().settings().sidecar().resources().requestsCpu(),
            "100m"),
        env(
            s + "RESOURCES_REQUESTS_MEMORY",
            "128Mi",
            c -> c.kubernetes().settings().sidecar().resources().requestsMemory(),
            "128Mi"),
        env(
            s + "RESOURCES_LIMITS_CPU",
            "2",
            c -> c.kubernetes().settings().sidecar().resources().limitsCpu(),
            "2"),
        env(
            s + "RESOURCES_LIMITS_MEMORY",
            "1Gi",
            c -> c.kubernetes().settings().sidecar().resources().limitsMemory(),
            "1Gi"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("everyKubernetesEnvironmentVariable")
  void kubernetesEnvironmentVariableOverridesItsKey(
      String var, String value, Function<CpConfig, Object> read, Object expected) {
    Map<String, String> env = new HashMap<>();
    env.put("PORTICO_ENVIRONMENT", "kubernetes");
    env.put("PORTICO_STORE_TYPE", "kubernetes");
    env.put("PORTICO_RUNTIME_KUBERNETES_ADMISSION_SERVER_CERT_DIR", "/var/run/tls");
    env.put(var, value);
    assertThat(read.apply(load(env))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("everyEnvironmentVariable")
  void environmentVariableOverridesItsKey(
      String var, String value, Function<CpConfig, Object> read, Object expected) {
    assertThat(read.apply(load(Map.of(var, value)))).isEqualTo(expected);
  }

  @Test
  void everyKnownKeyHasItsEnvironmentVariableTested() {
    List<String> tested =
        new ArrayList<>(
            Stream.concat(everyEnvironmentVariable(), everyKubernetesEnvironmentVariable())
                .map(a -> (String) a.get()[0])
                .toList());
    tested.addAll(List.of("PORTICO_GENERAL_TLS_CERT_FILE", "PORTICO_GENERAL_TLS_KEY_FILE"));
    assertThat(ConfigLoader.knownKeys().stream().map(ConfigLoader::envVarOf))
        .containsExactlyInAnyOrderElementsOf(tested);
  }

  @Test
  void tlsFilesAreReadTogether() {
    CpConfig c =
        load(
            Map.of(
                "PORTICO_GENERAL_TLS_CERT_FILE", "/etc/cp.crt",
                "PORTICO_GENERAL_TLS_KEY_FILE", "/etc/cp.key"));
    assertThat(c.general().tlsCertFile()).isEqualTo(Path.of("/etc/cp.crt"));
    assertThat(c.general().tlsKeyFile()).isEqualTo(Path.of("/etc/cp.key"));
    assertThat(c.general().isTlsConfigured()).isTrue();
  }

  @Test
  void tlsCertWithoutKeyIsRejected() {
    assertThatThrownBy(() -> load(Map.of("PORTICO_GENERAL_TLS_CERT_FILE", "/etc/cp.crt")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("general.tlsCertFile and general.tlsKeyFile")
        .hasMessageContaining("both or neither");
  }

  @Test
  void fileOverridesDefaults() throws IOException {
    CpConfig c =
        loadFile(
            """
            store:
              type: memory
            apiServer:
              http:
                port: 0
              maxRequestBodyBytes: 4096
            defaults:
              skipMeshCreation: true
            """,
            Map.of());
    assertThat(c.store().type()).isEqualTo(StoreSettings.Type.MEMORY);
    assertThat(c.apiServer().http().port()).isZero();
    assertThat(c.apiServer().https().port()).isEqualTo(5682);
    assertThat(c.apiServer().maxRequestBodyBytes()).isEqualTo(4096);
    assertThat(c.defaults().skipMeshCreation()).isTrue();
  }

  @Test
  void environmentOverridesFile() throws IOException {
    CpConfig c =
        loadFile(
            "apiServer:\n  http:\n    port: 7000\n",
            Map.of("PORTICO_API_SERVER_HTTP_PORT", "7001"));
    assertThat(c.apiServer().http().port()).isEqualTo(7001);
  }

  @Test
  void emptyFileMeansDefaults() throws IOException {
    assertThat(loadFile("", Map.of()).apiServer().http().port()).isEqualTo(5681);
  }

  @Test
  void unknownKeyInFileIsRejectedNamingTheKey() {
    assertThatThrownBy(() -> loadFile("apiServer:\n  htp:\n    port: 1\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown config key apiServer.htp")
        .hasMessageContaining("did you mean apiServer.http");
  }

  @Test
  void unknownTopLevelSectionIsRejected() {
    assertThatThrownBy(() -> loadFile("multizone:\n  zone:\n    name: z1\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown config key multizone");
  }

  @Test
  void malformedValueInFileNamesKeyAndExpectedForm() {
    assertThatThrownBy(() -> loadFile("apiServer:\n  http:\n    port: http\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("config key apiServer.http.port in config file")
        .hasMessageContaining("expected a port number from 0 to 65535")
        .hasMessageContaining("\"http\"");
  }

  @Test
  void portOutOfRangeIsRejected() {
    assertThatThrownBy(() -> load(Map.of("PORTICO_DIAGNOSTICS_SERVER_PORT", "70000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PORTICO_DIAGNOSTICS_SERVER_PORT")
        .hasMessageContaining("from 0 to 65535");
  }

  @Test
  void malformedEnvironmentValueNamesTheVariable() {
    assertThatThrownBy(() -> load(Map.of("PORTICO_API_SERVER_AUTHN_LOCALHOST_IS_ADMIN", "yes")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "environment variable PORTICO_API_SERVER_AUTHN_LOCALHOST_IS_ADMIN: expected true or"
                + " false but got \"yes\"");
  }

  @Test
  void unknownStoreTypeListsTheChoices() {
    assertThatThrownBy(() -> load(Map.of("PORTICO_STORE_TYPE", "etcd")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PORTICO_STORE_TYPE: expected one of memory, sqlite, postgres");
  }

  @Test
  void malformedDurationIsRejected() {
    assertThatThrownBy(() -> load(Map.of("PORTICO_STORE_POSTGRES_CONNECTION_TIMEOUT", "soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PORTICO_STORE_POSTGRES_CONNECTION_TIMEOUT: expected a duration");
  }

  @Test
  void bareNumberDurationMeansSeconds() {
    assertThat(
            load(Map.of("PORTICO_STORE_POSTGRES_CONNECTION_TIMEOUT", "7"))
                .store()
                .postgres()
                .connectionTimeout())
        .isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "PORTICO_API_SERVER_HTTP_PORT", "x",
                        "PORTICO_DP_SERVER_PORT", "-1")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(2));
  }

  @Test
  void sectionGivenAsValueIsRejected() {
    assertThatThrownBy(() -> loadFile("apiServer: 5681\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("config key apiServer")
        .hasMessageContaining("expected a section");
  }

  @Test
  void valueGivenAsSectionIsRejected() {
    assertThatThrownBy(() -> loadFile("dpServer:\n  port:\n    value: 1\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("config key dpServer.port")
        .hasMessageContaining("expected a single value");
  }

  @Test
  void malformedYamlNamesLineAndColumn() {
    assertThatThrownBy(() -> loadFile("store:\n  type: [memory\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageMatching("(?s)config file .*: malformed YAML at line \\d+, column \\d+.*");
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(missing)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void passwordsAreMaskedInEffectiveConfig() {
    CpConfig c = load(Map.of("PORTICO_STORE_POSTGRES_PASSWORD", "s3cret"));
    assertThat(c.effectiveJson()).doesNotContain("s3cret").contains("\"password\":\"*****\"");
    assertThat(c.store().postgres().toString()).doesNotContain("s3cret");
  }

  @Test
  void effectiveConfigShowsTheResolvedWorkDir() {
    assertThat(load(Map.of()).effectiveJson()).contains(dir.resolve(".portico").toString());
  }
}
