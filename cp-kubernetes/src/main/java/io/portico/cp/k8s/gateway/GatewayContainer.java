package io.portico.cp.k8s.gateway;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.portico.cp.k8s.KubernetesSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one container of a gateway pod, {@code kuma-gateway} (spec/kubernetes.md §4.5, Kuma 2.0.8's
 * {@code containers/factory.go} plus the gateway's additions), with Portico's variable names
 * ({@code PORTICO_} for {@code KUMA_}, D2) and no CoreDNS ({@code PORTICO_DNS_ENABLED=false} only).
 *
 * <p>Environment, in this order: {@code POD_NAME}, {@code POD_NAMESPACE}, {@code INSTANCE_IP}; the
 * proxy's variables sorted by name, where the configured {@code envVars} and then the annotation
 * {@code kuma.io/sidecar-env-vars} override the defaults; {@code
 * PORTICO_DATAPLANE_RESOURCES_MAX_MEMORY_BYTES} last.
 */
final class GatewayContainer {
  static final String NAME = "kuma-gateway";
  static final String TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount/token";
  static final String READY_PATH = "/ready";
  static final String NET_BIND_SERVICE = "NET_BIND_SERVICE";

  /** Kuma's floor for the computed concurrency, against latency when a worker blocks. */
  private static final long MIN_COMPUTED_CONCURRENCY = 2;

  private GatewayContainer() {}

  /**
   * The container.
   *
   * @param sidecar the configured container
   * @param controlPlaneUrl where the proxy connects
   * @param caCertPem the CA of the control plane, or empty
   * @param knobs the instance's annotation knobs
   * @param mesh the instance's mesh
   * @param resources {@code spec.resources}, which replace the configured ones whole; null for none
   * @param addNetBindService whether the container gets {@code NET_BIND_SERVICE} (servers before
   *     1.22, where the pod cannot lower the unprivileged port start)
   */
  static Container build(
      KubernetesSettings.SidecarContainer sidecar,
      String controlPlaneUrl,
      String caCertPem,
      ProxyAnnotations knobs,
      String mesh,
      ResourceRequirements resources,
      boolean addNetBindService) {
    int adminPort = knobs.adminPort() != 0 ? knobs.adminPort() : sidecar.adminPort();
    SecurityContextBuilder security =
        new SecurityContextBuilder().withRunAsUser(sidecar.uid()).withRunAsGroup(sidecar.gid());
    if (addNetBindService) {
      security.withNewCapabilities().addToAdd(NET_BIND_SERVICE).endCapabilities();
    }
    return new ContainerBuilder()
        .withName(NAME)
        .withImage(sidecar.image())
        .withImagePullPolicy("IfNotPresent")
        .withArgs(args(sidecar, knobs))
        .withEnv(env(sidecar, controlPlaneUrl, caCertPem, knobs, mesh))
        .withSecurityContext(security.build())
        .withLivenessProbe(probe(sidecar.livenessProbe(), adminPort, 1))
        .withReadinessProbe(
            probe(sidecar.readinessProbe(), adminPort, sidecar.readinessProbe().successThreshold()))
        .withResources(resources != null ? resources : configured(sidecar.resources()))
        .build();
  }

  /**
   * {@code run}, {@code --log-level=info}, then {@code --concurrency=<n>}: n is the annotation when
   * present (0 leaves the flag out), else the configured CPU limit in whole cores, at least 2. The
   * configured limit counts even when {@code spec.resources} replaces it [quirk, §4.5].
   */
  static List<String> args(KubernetesSettings.SidecarContainer sidecar, ProxyAnnotations knobs) {
    List<String> args = new ArrayList<>(List.of("run", "--log-level=info"));
    long concurrency =
        knobs.concurrency() != null ? knobs.concurrency() : computedConcurrency(sidecar);
    if (concurrency > 0) {
      args.add("--concurrency=" + concurrency);
    }
    return args;
  }

  /** ⌊CPU limit in cores⌋ (its milli-value rounded up, as Go's {@code MilliValue}), at least 2. */
  private static long computedConcurrency(KubernetesSettings.SidecarContainer sidecar) {
    String limit = sidecar.resources().limitsCpu();
    long cores = 0;
    if (limit != null && !limit.isEmpty()) {
      BigDecimal milli =
          Quantity.getAmountInBytes(new Quantity(limit))
              .movePointRight(3)
              .setScale(0, RoundingMode.CEILING);
      cores = milli.divideToIntegralValue(BigDecimal.valueOf(1000)).longValue();
    }
    return Math.max(cores, MIN_COMPUTED_CONCURRENCY);
  }

  private static List<EnvVar> env(
      KubernetesSettings.SidecarContainer sidecar,
      String controlPlaneUrl,
      String caCertPem,
      ProxyAnnotations knobs,
      String mesh) {
    Duration drainTime = knobs.drainTime() != null ? knobs.drainTime() : sidecar.drainTime();
    Map<String, String> sorted = new TreeMap<>();
    sorted.put("PORTICO_CONTROL_PLANE_CA_CERT", caCertPem);
    sorted.put("PORTICO_CONTROL_PLANE_URL", controlPlaneUrl);
    sorted.put("PORTICO_DATAPLANE_DRAIN_TIME", GoFormat.duration(drainTime));
    sorted.put("PORTICO_DATAPLANE_MESH", mesh);
    sorted.put("PORTICO_DATAPLANE_NAME", "$(POD_NAME).$(POD_NAMESPACE)");
    sorted.put("PORTICO_DATAPLANE_RUNTIME_TOKEN_PATH", TOKEN_PATH);
    sorted.put("PORTICO_DNS_ENABLED", "false");
    if (knobs.logLevel() != null) {
      sorted.put("PORTICO_DATAPLANE_RUNTIME_ENVOY_LOG_LEVEL", knobs.logLevel());
    }
    sorted.putAll(sidecar.envVars());
    sorted.putAll(knobs.envVars());

    List<EnvVar> env = new ArrayList<>();
    env.add(fieldRef("POD_NAME", "metadata.name"));
    env.add(fieldRef("POD_NAMESPACE", "metadata.namespace"));
    env.add(fieldRef("INSTANCE_IP", "status.podIP"));
    sorted.forEach((name, value) -> env.add(new EnvVar(name, value, null)));
    env.add(
        new EnvVarBuilder()
            .withName("PORTICO_DATAPLANE_RESOURCES_MAX_MEMORY_BYTES")
            .withNewValueFrom()
            .withNewResourceFieldRef()
            .withContainerName(NAME)
            .withResource("limits.memory")
            .endResourceFieldRef()
            .endValueFrom()
            .build());
    return env;
  }

  private static EnvVar fieldRef(String name, String fieldPath) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withApiVersion("v1")
        .withFieldPath(fieldPath)
        .endFieldRef()
        .endValueFrom()
        .build();
  }

  private static Probe probe(
      KubernetesSettings.Probe timings, int adminPort, int successThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(READY_PATH)
        .withPort(new IntOrString(adminPort))
        .endHttpGet()
        .withInitialDelaySeconds(timings.initialDelaySeconds())
        .withTimeoutSeconds(timings.timeoutSeconds())
        .withPeriodSeconds(timings.periodSeconds())
        .withSuccessThreshold(successThreshold)
        .withFailureThreshold(timings.failureThreshold())
        .build();
  }

  private static ResourceRequirements configured(KubernetesSettings.Resources resources) {
    Map<String, Quantity> requests = new LinkedHashMap<>();
    requests.put("cpu", new Quantity(resources.requestsCpu()));
    requests.put("memory", new Quantity(resources.requestsMemory()));
    Map<String, Quantity> limits = new LinkedHashMap<>();
    limits.put("cpu", new Quantity(resources.limitsCpu()));
    limits.put("memory", new Quantity(resources.limitsMemory()));
    return new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build();
  }
}
