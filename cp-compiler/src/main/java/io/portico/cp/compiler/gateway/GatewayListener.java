package io.portico.cp.compiler.gateway;

import io.portico.mesh.api.gateway.MeshGatewaySpec;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One listener of the selected MeshGateway with its merged tags.
 *
 * @param index the listener's position in {@code conf.listeners}
 * @param listener the listener
 * @param tags the listener merged tags (spec/gateway.md §2.2)
 */
public record GatewayListener(
    int index, MeshGatewaySpec.Listener listener, Map<String, String> tags) {
  public GatewayListener {
    Objects.requireNonNull(listener, "listener");
    tags = Collections.unmodifiableMap(new TreeMap<>(tags));
  }

  /**
   * The listener merged tags (spec/gateway.md §2.2): the dataplane's {@code
   * networking.gateway.tags}, then {@code MeshGateway.tags}, then the listener's tags, later ones
   * winning. They bind routes (§2.5) and match policy sources (§4.2).
   */
  public static Map<String, String> mergedTags(
      Map<String, String> dataplaneTags,
      Map<String, String> gatewayTags,
      Map<String, String> listenerTags) {
    Map<String, String> merged = new TreeMap<>(dataplaneTags);
    merged.putAll(gatewayTags);
    merged.putAll(listenerTags);
    return merged;
  }

  /** The listener's hostname, {@code *} when empty. */
  public String hostname() {
    return listener.nonEmptyHostname();
  }
}
