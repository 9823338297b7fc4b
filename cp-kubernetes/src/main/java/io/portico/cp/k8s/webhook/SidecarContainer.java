package io.portico.cp.k8s.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.cp.k8s.KubernetesSettings;
import io.portico.format.GoDurations;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@code kuma-sidecar} container the injector appends (spec/kubernetes.md §6.5 point 2): built
 * like the gateway container of §4.5 (Kuma 2.0.8's {@code containers/factory.go}) with Portico's
 * variable names (D2), and without what needs a transparent proxy.
 *
 * <ul>
 *   <li>args {@code run --log-level=info};
 *   <li>env: {@code POD_NAME}, {@code POD_NAMESPACE}, {@code INSTANCE_IP} first (so that {@code
 *       $(POD_NAME).$(POD_NAMESPACE)} expands), then the proxy's variables sorted by name, where
 *       the configured {@code envVars} and then the annotation {@code kuma.io/sidecar-env-vars}
 *       override the defaults, then {@code PORTICO_DATAPLANE_RESOURCES_MAX_MEMORY_BYTES} from the
 *       memory limit; Portico has no CoreDNS: {@code PORTICO_DNS_ENABLED=false} only;
 *   <li>the service-account token mounted at its well-known path (§6.3): the volume named by {@code
 *       kuma.io/service-account-token-volume}, else a copy of the first container mount there;
 *   <li>liveness and readiness {@code GET /ready} on the admin port ({@code
 *       kuma.io/envoy-admin-port}, else the configured one); resources and uid/gid as configured;
 *       no capabilities.
 * </ul>
 *
 * Pod annotations read: {@code kuma.io/envoy-admin-port}, {@code kuma.io/sidecar-drain-time},
 * {@code kuma.io/envoy-log-level}, {@code kuma.io/sidecar-env-vars}, {@code
 * kuma.io/service-account-token-volume}; an unreadable one is an {@link InjectionException} with
 * Kuma's message.
 */
final class SidecarContainer {
  static final String NAME = InjectionDecision.SIDECAR_NAME;
  static final String TOKEN_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
  static final String TOKEN_PATH = TOKEN_DIR + "/token";
  static final String READY_PATH = "/ready";

  static final String ADMIN_PORT = "kuma.io/envoy-admin-port";
  static final String DRAIN_TIME = "kuma.io/sidecar-drain-time";
  static final String LOG_LEVEL = "kuma.io/envoy-log-level";
  static final String ENV_VARS = "kuma.io/sidecar-env-vars";
  static final String TOKEN_VOLUME = "kuma.io/service-account-token-volume";

  private static final BigInteger MAX_UINT32 = BigInteger.valueOf(0xFFFF_FFFFL);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * The container and the admin port it was built with.
   *
   * @param container the container object
   * @param adminPort the proxy's admin port
   */
  record Built(ObjectNode container, int adminPort) {
    Built {
      container = container.deepCopy();
    }

    @Override
    public ObjectNode container() {
      return container.deepCopy();
    }
  }

  private SidecarContainer() {}

  /**
   * Builds the container of a pod.
   *
   * @param settings the configured container, control-plane URL and CA
   * @param annotations the pod's annotations
   * @param mesh the pod's mesh
   * @param podSpec the pod's {@code spec} (volumes and container mounts)
   * @throws InjectionException when an annotation cannot be read or names a missing volume
   */
  static Built build(
      KubernetesSettings settings, Map<String, String> annotations, String mesh, JsonNode podSpec) {
    Objects.requireNonNull(mesh, "mesh");
    KubernetesSettings.SidecarContainer sidecar = settings.sidecar();
    ArrayNode env = env(settings, annotations, mesh);
    int adminPort = adminPort(annotations, sidecar.adminPort());
    JsonNode tokenMount = tokenMount(annotations, podSpec);

    ObjectNode container = NODES.objectNode();
    container.put("name", NAME);
    container.put("image", sidecar.image());
    container.putArray("args").add("run").add("--log-level=info");
    container.set("env", env);
    container.set("resources", resources(sidecar.resources()));
    if (tokenMount != null) {
      container.putArray("volumeMounts").add(tokenMount);
    }
    container.set("livenessProbe", probe(sidecar.livenessProbe(), adminPort, 1));
    container.set(
        "readinessProbe",
        probe(sidecar.readinessProbe(), adminPort, sidecar.readinessProbe().successThreshold()));
    container.put("imagePullPolicy", "IfNotPresent");
    container
        .putObject("securityContext")
        .put("runAsUser", sidecar.uid())
        .put("runAsGroup", sidecar.gid());
    return new Built(container, adminPort);
  }

  private static ArrayNode env(
      KubernetesSettings settings, Map<String, String> annotations, String mesh) {
    KubernetesSettings.SidecarContainer sidecar = settings.sidecar();
    Duration drainTime = sidecar.drainTime();
    if (annotations.containsKey(DRAIN_TIME)) {
      String text = annotations.get(DRAIN_TIME);
      try {
        drainTime = GoDurations.parse(text);
      } catch (IllegalArgumentException e) {
        throw new InjectionException("time: invalid duration \"" + text + "\"");
      }
    }
    Map<String, String> sorted = new TreeMap<>();
    sorted.put("PORTICO_CONTROL_PLANE_CA_CERT", settings.controlPlaneCaCertPem());
    sorted.put("PORTICO_CONTROL_PLANE_URL", settings.controlPlaneUrl());
    sorted.put("PORTICO_DATAPLANE_DRAIN_TIME", goDuration(drainTime));
    sorted.put("PORTICO_DATAPLANE_MESH", mesh);
    sorted.put("PORTICO_DATAPLANE_NAME", "$(POD_NAME).$(POD_NAMESPACE)");
    sorted.put("PORTICO_DATAPLANE_RUNTIME_TOKEN_PATH", TOKEN_PATH);
    sorted.put("PORTICO_DNS_ENABLED", "false");
    if (annotations.containsKey(LOG_LEVEL)) {
      sorted.put("PORTICO_DATAPLANE_RUNTIME_ENVOY_LOG_LEVEL", annotations.get(LOG_LEVEL));
    }
    sorted.putAll(sidecar.envVars());
    if (annotations.containsKey(ENV_VARS)) {
      sorted.putAll(envVars(annotations.get(ENV_VARS)));
    }

    ArrayNode env = NODES.arrayNode();
    env.add(fieldRef("POD_NAME", "metadata.name"));
    env.add(fieldRef("POD_NAMESPACE", "metadata.namespace"));
    env.add(fieldRef("INSTANCE_IP", "status.podIP"));
    sorted.forEach(
        (name, value) -> {
          ObjectNode variable = env.addObject().put("name", name);
          if (!value.isEmpty()) {
            variable.put("value", value);
          }
        });
    env.addObject()
        .put("name", "PORTICO_DATAPLANE_RESOURCES_MAX_MEMORY_BYTES")
        .putObject("valueFrom")
        .putObject("resourceFieldRef")
        .put("containerName", NAME)
        .put("resource", "limits.memory");
    return env;
  }

  private static ObjectNode fieldRef(String name, String fieldPath) {
    ObjectNode variable = NODES.objectNode().put("name", name);
    variable
        .putObject("valueFrom")
        .putObject("fieldRef")
        .put("apiVersion", "v1")
        .put("fieldPath", fieldPath);
    return variable;
  }

  /** Kuma's {@code GetMap}: {@code K1=V1;K2=V2}, each pair exactly one {@code =}. */
  private static Map<String, String> envVars(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : text.split(";", -1)) {
      String[] kv = pair.split("=", -1);
      if (kv.length != 2) {
        throw new InjectionException(
            "invalid format. Map in \""
                + ENV_VARS
                + "\" has to be provided in the following format: key1=value1;key2=value2");
      }
      out.put(kv[0], kv[1]);
    }
    return out;
  }

  /** The annotation as an unsigned 32-bit integer (Go's {@code ParseUint}); 0 means the default. */
  private static int adminPort(Map<String, String> annotations, int configured) {
    String text = annotations.get(ADMIN_PORT);
    if (text == null) {
      return configured;
    }
    boolean digits = !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    if (!digits) {
      throw new InjectionException(
          "failed to parse annotation \""
              + ADMIN_PORT
              + "\": strconv.ParseUint: parsing \""
              + text
              + "\": invalid syntax");
    }
    BigInteger port = new BigInteger(text);
    if (port.compareTo(MAX_UINT32) > 0) {
      throw new InjectionException(
          "failed to parse annotation \""
              + ADMIN_PORT
              + "\": strconv.ParseUint: parsing \""
              + text
              + "\": value out of range");
    }
    if (port.signum() == 0) {
      return configured;
    }
    if (port.compareTo(BigInteger.valueOf(65535)) > 0) {
      throw new InjectionException(
          "annotation \"" + ADMIN_PORT + "\" must be a port in [1, 65535], got " + text);
    }
    return port.intValue();
  }

  /**
   * The service-account token mount (§6.3): the volume named by the annotation (which must exist),
   * else a copy of the first mount at the token directory among the containers, else none (a pod
   * without a token can still join a mesh without mTLS).
   */
  private static JsonNode tokenMount(Map<String, String> annotations, JsonNode podSpec) {
    String volume = annotations.get(TOKEN_VOLUME);
    if (volume != null) {
      for (JsonNode v : podSpec.path("volumes")) {
        if (volume.equals(v.path("name").asText(null))) {
          return NODES
              .objectNode()
              .put("name", volume)
              .put("readOnly", true)
              .put("mountPath", TOKEN_DIR);
        }
      }
      throw new InjectionException(
          "volume ("
              + volume
              + ") specified for "
              + TOKEN_VOLUME
              + " but volume does not exist in pod spec");
    }
    for (JsonNode container : podSpec.path("containers")) {
      for (JsonNode mount : container.path("volumeMounts")) {
        if (TOKEN_DIR.equals(mount.path("mountPath").asText(""))) {
          return mount.deepCopy();
        }
      }
    }
    return null;
  }

  private static ObjectNode resources(KubernetesSettings.Resources resources) {
    ObjectNode out = NODES.objectNode();
    out.putObject("limits")
        .put("cpu", resources.limitsCpu())
        .put("memory", resources.limitsMemory());
    out.putObject("requests")
        .put("cpu", resources.requestsCpu())
        .put("memory", resources.requestsMemory());
    return out;
  }

  private static ObjectNode probe(
      KubernetesSettings.Probe timings, int adminPort, int successThreshold) {
    ObjectNode probe = NODES.objectNode();
    probe.putObject("httpGet").put("path", READY_PATH).put("port", adminPort);
    probe.put("initialDelaySeconds", timings.initialDelaySeconds());
    probe.put("timeoutSeconds", timings.timeoutSeconds());
    probe.put("periodSeconds", timings.periodSeconds());
    probe.put("successThreshold", successThreshold);
    probe.put("failureThreshold", timings.failureThreshold());
    return probe;
  }

  /**
   * Go's {@code time.Duration.String()}, as Kuma writes the drain time: {@code 30s}, {@code 1m30s},
   * {@code 1h0m0s}, {@code 1.5s}, {@code 500ms}, {@code 0s}.
   */
  static String goDuration(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    String sign = nanos < 0 ? "-" : "";
    long u = Math.abs(nanos);
    if (u < 1_000L) {
      return sign + u + "ns";
    }
    if (u < 1_000_000L) {
      return sign + fraction(u, 1_000L) + "µs";
    }
    if (u < 1_000_000_000L) {
      return sign + fraction(u, 1_000_000L) + "ms";
    }
    long seconds = u / 1_000_000_000L;
    StringBuilder out = new StringBuilder(sign);
    long hours = seconds / 3600;
    long minutes = (seconds / 60) % 60;
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    out.append(fraction((seconds % 60) * 1_000_000_000L + u % 1_000_000_000L, 1_000_000_000L));
    return out.append('s').toString();
  }

  /** {@code value / unit} with the fraction's trailing zeros dropped ({@code 1.5}, {@code 2}). */
  private static String fraction(long value, long unit) {
    long whole = value / unit;
    long rest = value % unit;
    if (rest == 0) {
      return Long.toString(whole);
    }
    String digits = Long.toString(unit + rest).substring(1).replaceAll("0+$", "");
    return whole + "." + digits;
  }
}
