package io.portico.cp.k8s;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the Kubernetes parts of the control plane are configured with ({@code store.kubernetes.*},
 * {@code runtime.kubernetes.*}, spec/kubernetes.md §10), already validated. Immutable.
 *
 * @param systemNamespace the namespace of the control plane, its secrets and the 2.0 policies
 * @param controlPlaneServiceName the Service proxies reach the control plane through
 * @param serviceAccountName the control plane's own user, whose writes the webhooks let through
 * @param dpServerPort the DP server's port, for the proxies' control-plane URL
 * @param admissionServer the webhook server
 * @param sidecar the container the gateway controller and the injector generate
 * @param controlPlaneCaCertPem the CA the proxies trust the control plane with ({@code
 *     injector.caCertFile} read at start), or empty
 * @param injectionExceptionLabels pod labels that exclude a pod from injection ({@code *} = any
 *     value)
 * @param zoneName the zone of a zone control plane, or empty
 */
public record KubernetesSettings(
    String systemNamespace,
    String controlPlaneServiceName,
    String serviceAccountName,
    int dpServerPort,
    AdmissionServer admissionServer,
    SidecarContainer sidecar,
    String controlPlaneCaCertPem,
    Map<String, String> injectionExceptionLabels,
    String zoneName) {
  public KubernetesSettings {
    Objects.requireNonNull(systemNamespace, "systemNamespace");
    Objects.requireNonNull(controlPlaneServiceName, "controlPlaneServiceName");
    Objects.requireNonNull(serviceAccountName, "serviceAccountName");
    Objects.requireNonNull(admissionServer, "admissionServer");
    Objects.requireNonNull(sidecar, "sidecar");
    controlPlaneCaCertPem = controlPlaneCaCertPem == null ? "" : controlPlaneCaCertPem;
    injectionExceptionLabels = Map.copyOf(injectionExceptionLabels);
    zoneName = zoneName == null ? "" : zoneName;
  }

  /** Kuma's defaults (spec/kubernetes.md §10), with Portico's image. */
  public static KubernetesSettings defaults() {
    return new KubernetesSettings(
        "kuma-system",
        "kuma-control-plane",
        "system:serviceaccount:kuma-system:kuma-control-plane",
        5678,
        new AdmissionServer("", 5443, ""),
        SidecarContainer.defaults(),
        "",
        Map.of("openshift.io/build.name", "*", "openshift.io/deployer-pod-for.name", "*"),
        "");
  }

  /** These settings with the CA proxies trust the control plane with ({@code PEM}). */
  public KubernetesSettings withControlPlaneCaCertPem(String pem) {
    return new KubernetesSettings(
        systemNamespace,
        controlPlaneServiceName,
        serviceAccountName,
        dpServerPort,
        admissionServer,
        sidecar,
        pem,
        injectionExceptionLabels,
        zoneName);
  }

  /** {@code https://<service>.<namespace>:<dpServer.port>}: where generated proxies connect. */
  public String controlPlaneUrl() {
    return "https://" + controlPlaneServiceName + "." + systemNamespace + ":" + dpServerPort;
  }

  /**
   * {@code runtime.kubernetes.admissionServer.*}.
   *
   * @param address the address to bind, empty for all
   * @param port the HTTPS port (5443)
   * @param certDir the directory holding {@code tls.crt} and {@code tls.key}
   */
  public record AdmissionServer(String address, int port, String certDir) {}

  /**
   * {@code runtime.kubernetes.injector.sidecarContainer.*}.
   *
   * @param image the proxy image
   * @param uid the user the proxy runs as
   * @param gid the group the proxy runs as
   * @param adminPort the proxy's admin port, where the probes ask {@code /ready}
   * @param drainTime how long the proxy drains on SIGTERM
   * @param readinessProbe the readiness probe's timings
   * @param livenessProbe the liveness probe's timings
   * @param resources requests and limits as Kubernetes quantities
   * @param envVars extra environment variables of the container
   */
  public record SidecarContainer(
      String image,
      long uid,
      long gid,
      int adminPort,
      Duration drainTime,
      Probe readinessProbe,
      Probe livenessProbe,
      Resources resources,
      Map<String, String> envVars) {
    public SidecarContainer {
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(drainTime, "drainTime");
      Objects.requireNonNull(readinessProbe, "readinessProbe");
      Objects.requireNonNull(livenessProbe, "livenessProbe");
      Objects.requireNonNull(resources, "resources");
      envVars = Map.copyOf(envVars);
    }

    static SidecarContainer defaults() {
      return new SidecarContainer(
          "portico/portico-dp:latest",
          5678,
          5678,
          9901,
          Duration.ofSeconds(30),
          new Probe(1, 3, 5, 1, 12),
          new Probe(60, 3, 5, 1, 12),
          new Resources("50m", "64Mi", "1000m", "512Mi"),
          Map.of());
    }
  }

  /** A probe's timings, each at least 1. */
  public record Probe(
      int initialDelaySeconds,
      int timeoutSeconds,
      int periodSeconds,
      int successThreshold,
      int failureThreshold) {}

  /** Requests and limits (Kubernetes quantities, e.g. {@code 50m}, {@code 64Mi}). */
  public record Resources(
      String requestsCpu, String requestsMemory, String limitsCpu, String limitsMemory) {}
}
