package io.portico.cp.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.portico.cp.k8s.KubernetesSettings;
import io.portico.cp.store.StoreSettings;
import io.portico.format.GoDurations;
import io.portico.mesh.api.codec.TreeReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the effective configuration: the bundled {@code portico-cp.defaults.yaml}, overlaid by the
 * YAML file of {@code --config-file}, overlaid by environment variables {@code
 * PORTICO_<PATH_IN_UPPER_SNAKE>} (spec/core.md §8, as {@code KUMA_*} for kuma-cp).
 *
 * <p>The defaults file is the list of known keys: a key of the file that it does not have is an
 * error. Every problem is reported at once, each naming the key (or the variable) and the expected
 * form. The environment is injected so that tests need not touch the process's.
 */
public final class ConfigLoader {
  static final String DEFAULTS_RESOURCE = "/portico-cp.defaults.yaml";
  static final String ENV_PREFIX = "PORTICO_";
  private static final String MASK = "*****";

  private final Map<String, String> env;
  private final ObjectMapper yaml = new YAMLMapper();

  public ConfigLoader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** A loader over the environment of this process. */
  public static ConfigLoader fromProcessEnvironment() {
    return new ConfigLoader(System.getenv());
  }

  /**
   * Loads the configuration.
   *
   * @param file the YAML file, if one was given
   * @throws ConfigException naming every unknown key and malformed value
   */
  public CpConfig load(Optional<Path> file) {
    ObjectNode merged = defaults();
    Map<String, String> origins = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    if (file.isPresent()) {
      JsonNode user = readFile(file.get());
      if (user != null && !user.isNull() && !user.isMissingNode()) {
        if (!user.isObject()) {
          throw new ConfigException(
              "config file " + file.get() + ": expected a mapping of sections at the top level");
        }
        overlay(merged, (ObjectNode) user, "", "config file " + file.get(), origins, problems);
      }
    }
    applyEnvironment(merged, "", origins);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return bind(merged, origins);
  }

  /**
   * The environment variable that overrides a key: {@code store.postgres.dbName} → {@code
   * PORTICO_STORE_POSTGRES_DB_NAME}.
   */
  public static String envVarOf(String path) {
    StringBuilder out = new StringBuilder(ENV_PREFIX);
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '.') {
        out.append('_');
      } else if (Character.isUpperCase(c)) {
        out.append('_').append(c);
      } else {
        out.append(Character.toUpperCase(c));
      }
    }
    return out.toString();
  }

  /** Every key of the defaults, as dotted paths, in file order. */
  public static List<String> knownKeys() {
    List<String> out = new ArrayList<>();
    collectLeaves(defaults(), "", out);
    return out;
  }

  private static ObjectNode defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
      }
      return (ObjectNode) new YAMLMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULTS_RESOURCE, e);
    }
  }

  private JsonNode readFile(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(
          "config file " + file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    if (text.isBlank()) {
      return null;
    }
    TreeReader.Documents read = TreeReader.readYamlDocuments(text);
    if (read.failure() != null) {
      throw new ConfigException("config file " + file + ": " + read.failure().getMessage());
    }
    if (read.documents().size() > 1) {
      throw new ConfigException(
          "config file "
              + file
              + ": expected one YAML document but it holds "
              + read.documents().size());
    }
    return read.documents().isEmpty() ? null : read.documents().get(0).tree();
  }

  private static void overlay(
      ObjectNode target,
      ObjectNode source,
      String prefix,
      String origin,
      Map<String, String> origins,
      List<String> problems) {
    source
        .properties()
        .forEach(
            e -> {
              String key = e.getKey();
              String path = prefix.isEmpty() ? key : prefix + "." + key;
              JsonNode known = target.get(key);
              JsonNode value = e.getValue();
              if (known == null) {
                problems.add(unknownKey(path, origin));
              } else if (value == null || value.isNull()) {
                return;
              } else if (known.isObject()) {
                if (value.isObject()) {
                  overlay((ObjectNode) known, (ObjectNode) value, path, origin, origins, problems);
                } else {
                  problems.add(
                      "config key "
                          + path
                          + " in "
                          + origin
                          + ": expected a section with keys "
                          + String.join(", ", iterable(known))
                          + " but got "
                          + value);
                }
              } else if (value.isContainerNode()) {
                problems.add(
                    "config key "
                        + path
                        + " in "
                        + origin
                        + ": expected a single value but got "
                        + (value.isArray() ? "a list" : "a section"));
              } else {
                target.set(key, value);
                origins.put(path, "config key " + path + " in " + origin);
              }
            });
  }

  private void applyEnvironment(ObjectNode node, String prefix, Map<String, String> origins) {
    node.properties()
        .forEach(
            e -> {
              String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
              if (e.getValue().isObject()) {
                applyEnvironment((ObjectNode) e.getValue(), path, origins);
              } else {
                String var = envVarOf(path);
                String value = env.get(var);
                if (value != null) {
                  node.set(e.getKey(), TextNode.valueOf(value));
                  origins.put(path, "environment variable " + var);
                }
              }
            });
  }

  private static String unknownKey(String path, String origin) {
    String closest =
        knownKeys().stream()
            .min(
                Comparator.comparingInt(
                    k -> distance(k.toLowerCase(Locale.ROOT), path.toLowerCase(Locale.ROOT))))
            .orElse("");
    return "unknown config key "
        + path
        + " in "
        + origin
        + ": expected one of the keys of "
        + DEFAULTS_RESOURCE.substring(1)
        + (closest.isEmpty() ? "" : " (did you mean " + closest + "?)");
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static List<String> iterable(JsonNode section) {
    List<String> keys = new ArrayList<>();
    section.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  private static void collectLeaves(JsonNode node, String prefix, List<String> out) {
    node.properties()
        .forEach(
            e -> {
              String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
              if (e.getValue().isObject()) {
                collectLeaves(e.getValue(), path, out);
              } else {
                out.add(path);
              }
            });
  }

  // ---------------------------------------------------------------- binding

  private CpConfig bind(ObjectNode tree, Map<String, String> origins) {
    Values v = new Values(tree, origins);
    CpConfig.Postgres postgres =
        new CpConfig.Postgres(
            v.string("store.postgres.host"),
            v.port("store.postgres.port"),
            v.string("store.postgres.user"),
            v.string("store.postgres.password"),
            v.string("store.postgres.dbName"),
            v.integer("store.postgres.maxOpenConnections", 1, 10_000),
            v.duration("store.postgres.connectionTimeout"),
            v.duration("store.postgres.changePollInterval"));
    CpConfig.Environment environment = v.environment("environment");
    CpConfig.Store store = new CpConfig.Store(v.storeType("store.type"), postgres);
    if (store.type() == StoreSettings.Type.KUBERNETES
        && environment != CpConfig.Environment.KUBERNETES) {
      v.problems.add(
          v.where("store.type")
              + ": the kubernetes store needs environment kubernetes (PORTICO_ENVIRONMENT), but"
              + " the environment is universal");
    }
    if (store.type() != StoreSettings.Type.KUBERNETES
        && environment == CpConfig.Environment.KUBERNETES) {
      v.problems.add(
          v.where("environment")
              + ": environment kubernetes needs store.type kubernetes (PORTICO_STORE_TYPE) but it"
              + " is "
              + store.type().name().toLowerCase(Locale.ROOT));
    }
    CpConfig.ApiServer apiServer =
        new CpConfig.ApiServer(
            new CpConfig.Listener(
                v.bool("apiServer.http.enabled"),
                v.string("apiServer.http.interface"),
                v.port("apiServer.http.port")),
            new CpConfig.Listener(
                v.bool("apiServer.https.enabled"),
                v.string("apiServer.https.interface"),
                v.port("apiServer.https.port")),
            new CpConfig.Authn(
                v.bool("apiServer.authn.localhostIsAdmin"),
                v.bool("apiServer.authn.tokens.bootstrapAdminToken")),
            v.integer("apiServer.maxRequestBodyBytes", 1, Integer.MAX_VALUE),
            v.bool("apiServer.readOnly"));
    CpConfig.DpServer dpServer =
        new CpConfig.DpServer(
            v.port("dpServer.port"),
            v.string("dpServer.interface"),
            v.dpAuthType("dpServer.auth.type", environment));
    CpConfig.Kubernetes kubernetes = kubernetes(v, dpServer.port(), environment);
    CpConfig.XdsServer xdsServer =
        new CpConfig.XdsServer(
            v.positiveDuration("xdsServer.dataplaneConfigurationRefreshInterval"),
            v.positiveDuration("xdsServer.dataplaneStatusFlushInterval"),
            v.positiveDuration("xdsServer.nackBackoff"));
    CpConfig.Runtime runtime =
        new CpConfig.Runtime(v.positiveDuration("runtime.universal.dataplaneCleanupAge"));
    CpConfig.Metrics metrics =
        new CpConfig.Metrics(v.positiveDuration("metrics.dataplane.idleTimeout"));
    CpConfig.Diagnostics diagnostics = new CpConfig.Diagnostics(v.port("diagnostics.serverPort"));
    String workDir = v.string("general.workDir");
    String certFile = v.string("general.tlsCertFile");
    String keyFile = v.string("general.tlsKeyFile");
    if (certFile.isEmpty() != keyFile.isEmpty()) {
      v.problems.add(
          "config keys general.tlsCertFile and general.tlsKeyFile: expected both or neither but"
              + " only "
              + (certFile.isEmpty() ? "general.tlsKeyFile" : "general.tlsCertFile")
              + " is set");
    }
    CpConfig.Defaults defaults = new CpConfig.Defaults(v.bool("defaults.skipMeshCreation"));
    if (!v.problems.isEmpty()) {
      throw new ConfigException(v.problems);
    }
    Path workPath = workDir.isEmpty() ? defaultWorkDir() : Path.of(workDir);
    ((ObjectNode) tree.get("general")).put("workDir", workPath.toString());
    CpConfig.General general =
        new CpConfig.General(
            workPath,
            certFile.isEmpty() ? null : Path.of(certFile),
            keyFile.isEmpty() ? null : Path.of(keyFile));
    return new CpConfig(
        environment,
        store,
        apiServer,
        dpServer,
        xdsServer,
        runtime,
        metrics,
        diagnostics,
        general,
        defaults,
        kubernetes,
        effectiveJson(tree));
  }

  /** {@code store.kubernetes.*} and {@code runtime.kubernetes.*} (spec/kubernetes.md §10). */
  private static CpConfig.Kubernetes kubernetes(
      Values v, int dpServerPort, CpConfig.Environment environment) {
    String k = "runtime.kubernetes.";
    String s = k + "injector.sidecarContainer.";
    String image = v.string(s + "image");
    String certDir = v.string(k + "admissionServer.certDir");
    if (environment == CpConfig.Environment.KUBERNETES && certDir.isEmpty()) {
      v.problems.add(
          v.where(k + "admissionServer.certDir")
              + ": expected the directory of the webhook server's tls.crt and tls.key on"
              + " kubernetes but it is empty");
    }
    KubernetesSettings.SidecarContainer sidecar =
        new KubernetesSettings.SidecarContainer(
            image.isEmpty() ? "portico/portico-dp:" + BuildInfo.version() : image,
            v.integer(s + "uid", 0, Integer.MAX_VALUE),
            v.integer(s + "gid", 0, Integer.MAX_VALUE),
            v.integer(s + "adminPort", 1, 65535, "a port number from 1 to 65535"),
            v.positiveDuration(s + "drainTime"),
            new KubernetesSettings.Probe(
                v.integer(s + "readinessProbe.initialDelaySeconds", 1, 86_400),
                v.integer(s + "readinessProbe.timeoutSeconds", 1, 86_400),
                v.integer(s + "readinessProbe.periodSeconds", 1, 86_400),
                v.integer(s + "readinessProbe.successThreshold", 1, 1_000),
                v.integer(s + "readinessProbe.failureThreshold", 1, 1_000)),
            new KubernetesSettings.Probe(
                v.integer(s + "livenessProbe.initialDelaySeconds", 1, 86_400),
                v.integer(s + "livenessProbe.timeoutSeconds", 1, 86_400),
                v.integer(s + "livenessProbe.periodSeconds", 1, 86_400),
                1,
                v.integer(s + "livenessProbe.failureThreshold", 1, 1_000)),
            new KubernetesSettings.Resources(
                v.quantity(s + "resources.requests.cpu"),
                v.quantity(s + "resources.requests.memory"),
                v.quantity(s + "resources.limits.cpu"),
                v.quantity(s + "resources.limits.memory")),
            v.pairs(s + "envVars"));
    String caCertFile = v.string(k + "injector.caCertFile");
    KubernetesSettings settings =
        new KubernetesSettings(
            v.string("store.kubernetes.systemNamespace"),
            v.string(k + "controlPlaneServiceName"),
            v.string(k + "serviceAccountName"),
            dpServerPort,
            new KubernetesSettings.AdmissionServer(
                v.string(k + "admissionServer.address"),
                v.port(k + "admissionServer.port"),
                certDir),
            sidecar,
            "",
            v.pairs(k + "injector.exceptions.labels"),
            "");
    return new CpConfig.Kubernetes(settings, caCertFile.isEmpty() ? null : Path.of(caCertFile));
  }

  private Path defaultWorkDir() {
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".portico");
  }

  private static String effectiveJson(ObjectNode tree) {
    ObjectNode copy = tree.deepCopy();
    mask(copy);
    try {
      return new ObjectMapper().writeValueAsString(copy);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void mask(ObjectNode node) {
    List<String> keys = iterable(node);
    for (String key : keys) {
      JsonNode value = node.get(key);
      if (value.isObject()) {
        mask((ObjectNode) value);
      } else if (key.toLowerCase(Locale.ROOT).contains("password")) {
        node.put(key, MASK);
      }
    }
  }

  /** Typed reads of the merged tree, collecting every problem. */
  private static final class Values {
    private final ObjectNode tree;
    private final Map<String, String> origins;
    private final List<String> problems = new ArrayList<>();

    Values(ObjectNode tree, Map<String, String> origins) {
      this.tree = tree;
      this.origins = origins;
    }

    private JsonNode node(String path) {
      JsonNode n = tree;
      for (String part : path.split("\\.")) {
        n = n.path(part);
      }
      if (n.isMissingNode()) {
        throw new IllegalStateException(path + " is missing from " + DEFAULTS_RESOURCE);
      }
      return n;
    }

    String where(String path) {
      return Objects.requireNonNullElse(origins.get(path), "default of config key " + path);
    }

    private void bad(String path, String expected, JsonNode value) {
      problems.add(where(path) + ": expected " + expected + " but got \"" + value.asText() + "\"");
    }

    String string(String path) {
      JsonNode n = node(path);
      return n.asText("").trim();
    }

    boolean bool(String path) {
      JsonNode n = node(path);
      if (n.isBoolean()) {
        return n.booleanValue();
      }
      String text = n.asText("").trim().toLowerCase(Locale.ROOT);
      if (text.equals("true") || text.equals("false")) {
        return Boolean.parseBoolean(text);
      }
      bad(path, "true or false", n);
      return false;
    }

    int integer(String path, int min, int max) {
      return integer(path, min, max, "an integer from " + min + " to " + max);
    }

    int integer(String path, int min, int max, String expected) {
      JsonNode n = node(path);
      long value;
      if (n.isIntegralNumber()) {
        value = n.longValue();
      } else {
        try {
          value = Long.parseLong(n.asText("").trim());
        } catch (NumberFormatException e) {
          bad(path, expected, n);
          return 0;
        }
      }
      if (value < min || value > max) {
        bad(path, expected, n);
        return 0;
      }
      return (int) value;
    }

    int port(String path) {
      return integer(path, 0, 65535, "a port number from 0 to 65535 (0 picks a free port)");
    }

    Duration duration(String path) {
      JsonNode n = node(path);
      String text = n.asText("").trim();
      try {
        if (n.isNumber() || text.matches("\\d+")) {
          return Duration.ofSeconds(Long.parseLong(text));
        }
        Duration d = GoDurations.parse(text);
        if (d.isNegative()) {
          throw new IllegalArgumentException("negative");
        }
        return d;
      } catch (IllegalArgumentException e) {
        bad(path, "a duration such as 5s, 500ms or 1m30s", n);
        return Duration.ZERO;
      }
    }

    Duration positiveDuration(String path) {
      Duration d = duration(path);
      if (d.isZero() && problems.stream().noneMatch(p -> p.startsWith(where(path)))) {
        bad(path, "a positive duration such as 1s or 500ms", node(path));
      }
      return d;
    }

    CpConfig.Environment environment(String path) {
      JsonNode n = node(path);
      return switch (n.asText("").trim().toLowerCase(Locale.ROOT)) {
        case "universal" -> CpConfig.Environment.UNIVERSAL;
        case "kubernetes" -> CpConfig.Environment.KUBERNETES;
        default -> {
          bad(path, "universal or kubernetes", n);
          yield CpConfig.Environment.UNIVERSAL;
        }
      };
    }

    CpConfig.DpAuthType dpAuthType(String path, CpConfig.Environment environment) {
      JsonNode n = node(path);
      return switch (n.asText("").trim()) {
        case "" ->
            environment == CpConfig.Environment.KUBERNETES
                ? CpConfig.DpAuthType.SERVICE_ACCOUNT_TOKEN
                : CpConfig.DpAuthType.DP_TOKEN;
        case "dpToken" -> CpConfig.DpAuthType.DP_TOKEN;
        case "serviceAccountToken" -> {
          if (environment != CpConfig.Environment.KUBERNETES) {
            problems.add(
                where(path)
                    + ": serviceAccountToken needs environment kubernetes (its tokens are checked"
                    + " with the API server); expected dpToken or none on universal");
          }
          yield CpConfig.DpAuthType.SERVICE_ACCOUNT_TOKEN;
        }
        case "none" -> CpConfig.DpAuthType.NONE;
        default -> {
          bad(path, "dpToken, serviceAccountToken, none or empty", n);
          yield CpConfig.DpAuthType.DP_TOKEN;
        }
      };
    }

    /** A Kubernetes quantity such as {@code 50m}, {@code 64Mi}, {@code 1}. */
    String quantity(String path) {
      JsonNode n = node(path);
      String text = n.asText("").trim();
      if (!text.matches("[0-9]{1,18}(\\.[0-9]{1,9})?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?")) {
        bad(path, "a Kubernetes quantity such as 50m, 1, 64Mi or 1Gi", n);
      }
      return text;
    }

    /** {@code K1:V1,K2:V2} (Kuma's form for maps in environment variables). */
    Map<String, String> pairs(String path) {
      JsonNode n = node(path);
      String text = n.asText("").trim();
      Map<String, String> out = new LinkedHashMap<>();
      if (text.isEmpty()) {
        return out;
      }
      for (String pair : text.split(",")) {
        int colon = pair.indexOf(':');
        if (colon <= 0) {
          bad(path, "key:value pairs separated by commas, such as K1:V1,K2:V2", n);
          return Map.of();
        }
        out.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
      }
      return out;
    }

    StoreSettings.Type storeType(String path) {
      JsonNode n = node(path);
      String text = n.asText("").trim().toLowerCase(Locale.ROOT);
      return switch (text) {
        case "memory" -> StoreSettings.Type.MEMORY;
        case "sqlite" -> StoreSettings.Type.SQLITE;
        case "postgres" -> StoreSettings.Type.POSTGRES;
        case "kubernetes" -> StoreSettings.Type.KUBERNETES;
        default -> {
          bad(path, "one of memory, sqlite, postgres, kubernetes", n);
          yield StoreSettings.Type.MEMORY;
        }
      };
    }
  }
}
