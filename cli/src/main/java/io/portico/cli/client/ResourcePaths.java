package io.portico.cli.client;

import io.portico.mesh.api.ResourceType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The REST paths of resources (spec/core.md §5.1): {@code /meshes/{mesh}/{plural}[/{name}]} for
 * mesh-scoped types, {@code /{plural}[/{name}]} for global ones (Mesh included, as {@code
 * /meshes/{name}}).
 */
public final class ResourcePaths {
  private ResourcePaths() {}

  /** The path of one resource. */
  public static String item(ResourceType<?> type, String mesh, String name) {
    return collection(type, mesh) + "/" + segment(name);
  }

  /** The path listing a type, in {@code mesh} for mesh-scoped types. */
  public static String collection(ResourceType<?> type, String mesh) {
    if (type.isMeshScoped()) {
      return "/meshes/" + segment(mesh) + "/" + type.plural();
    }
    return "/" + type.plural();
  }

  /** A path segment, percent-encoded. */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
