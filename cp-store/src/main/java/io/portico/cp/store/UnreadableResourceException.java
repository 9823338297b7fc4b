package io.portico.cp.store;

import io.portico.mesh.api.ResourceKey;
import io.portico.mesh.api.ResourceMeta;

/**
 * A stored resource whose spec cannot be read as its type any more: written by hand, or by an older
 * version that accepted a value this one refuses. It can still be replaced (its version and times
 * are known) and deleted; listings leave it out and name it in the log.
 */
public final class UnreadableResourceException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final transient ResourceKey key;
  private final transient ResourceMeta meta;
  private final String reason;

  public UnreadableResourceException(ResourceKey key, ResourceMeta meta, String reason) {
    super(key + " is stored but cannot be read: " + reason);
    this.key = key;
    this.meta = meta;
    this.reason = reason;
  }

  public ResourceKey key() {
    return key;
  }

  /** The stored version and times. */
  public ResourceMeta meta() {
    return meta;
  }

  /** Why the spec cannot be read, with the field path. */
  public String reason() {
    return reason;
  }
}
