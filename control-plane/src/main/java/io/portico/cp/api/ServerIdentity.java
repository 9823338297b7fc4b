package io.portico.cp.api;

/**
 * What {@code GET /} tells about this control plane (spec/core.md §5.1): the version endpoint that
 * CLIs use for compatibility checks.
 *
 * @param hostname the host the control plane runs on
 * @param version the Portico version
 * @param instanceId this instance ({@code <hostname>-<4 hex>}, as Kuma)
 * @param clusterId the cluster this instance belongs to
 */
public record ServerIdentity(String hostname, String version, String instanceId, String clusterId) {
  public static final String TAGLINE = "Portico";
}
