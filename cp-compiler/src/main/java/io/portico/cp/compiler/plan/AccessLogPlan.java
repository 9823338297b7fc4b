package io.portico.cp.compiler.plan;

import java.util.Objects;

/**
 * A listener's access log (TrafficLog + the mesh logging backend it names, spec/core.md §1.3).
 *
 * @param policy the TrafficLog that selected it, for explanations
 * @param backend the logging backend's name
 * @param format the backend's format, or Kuma's default for the listener's protocol
 * @param filePath the file of a {@code file} backend; null for {@code tcp}
 * @param tcpAddress the {@code host:port} of a {@code tcp} backend; null for {@code file}
 * @param mesh value of {@code %KUMA_MESH%}
 * @param sourceService value of {@code %KUMA_SOURCE_SERVICE%}
 * @param destinationService value of {@code %KUMA_DESTINATION_SERVICE%}
 * @param sourceAddress value of {@code %KUMA_SOURCE_ADDRESS%}
 */
public record AccessLogPlan(
    String policy,
    String backend,
    String format,
    String filePath,
    String tcpAddress,
    String mesh,
    String sourceService,
    String destinationService,
    String sourceAddress) {
  public AccessLogPlan {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(format, "format");
    if ((filePath == null) == (tcpAddress == null)) {
      throw new IllegalArgumentException("exactly one of filePath and tcpAddress");
    }
    Objects.requireNonNull(mesh, "mesh");
    Objects.requireNonNull(sourceService, "sourceService");
    Objects.requireNonNull(destinationService, "destinationService");
    Objects.requireNonNull(sourceAddress, "sourceAddress");
  }
}
