package io.portico.cp.k8s.gateway;

import io.fabric8.kubernetes.client.VersionInfo;
import java.util.Objects;

/**
 * The Kubernetes server version as {@code /version} reports it, read once at control-plane start
 * (spec/kubernetes.md §4.5). Major and minor are kept as text because servers report minors such as
 * {@code 22+}.
 *
 * @param major {@code major} of {@code /version}, e.g. {@code 1}
 * @param minor {@code minor} of {@code /version}, e.g. {@code 26} or {@code 22+}
 */
public record KubernetesVersion(String major, String minor) {
  public KubernetesVersion {
    Objects.requireNonNull(major, "major");
    Objects.requireNonNull(minor, "minor");
  }

  /** The version fabric8's {@code client.getKubernetesVersion()} returned. */
  public static KubernetesVersion of(VersionInfo info) {
    return new KubernetesVersion(
        Objects.requireNonNullElse(info.getMajor(), ""),
        Objects.requireNonNullElse(info.getMinor(), ""));
  }

  /**
   * Whether pods may set the sysctl {@code net.ipv4.ip_unprivileged_port_start} (Kubernetes 1.22
   * and later): major above 1, or major 1 and minor at least 22. A major or minor that is not an
   * integer (e.g. {@code 22+}) counts as unsupported, as Kuma 2.0.8's {@code strconv.Atoi} check
   * does (spec/kubernetes.md §4.5).
   */
  public boolean isUnprivilegedPortSysctlSupported() {
    int majorNumber;
    int minorNumber;
    try {
      majorNumber = Integer.parseInt(major);
      minorNumber = Integer.parseInt(minor);
    } catch (NumberFormatException e) {
      return false;
    }
    return majorNumber > 1 || (majorNumber == 1 && minorNumber >= 22);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
