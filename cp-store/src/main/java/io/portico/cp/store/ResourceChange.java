package io.portico.cp.store;

import io.portico.mesh.api.ResourceKey;

/**
 * One change on the feed.
 *
 * @param kind what happened
 * @param key which resource
 * @param version the version after the change (for a deletion, the last version, or 0 if unknown)
 */
public record ResourceChange(Kind kind, ResourceKey key, long version) {
  public enum Kind {
    CREATED,
    UPDATED,
    DELETED
  }
}
