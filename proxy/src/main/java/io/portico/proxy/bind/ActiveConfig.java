package io.portico.proxy.bind;

import io.portico.proxy.config.BindAddress;
import io.portico.proxy.config.ListenerConfig;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The config in force, bound (the swap of compile → bind → swap). Written by the runtime when a
 * config is applied, read by every new request and connection without locks.
 */
public final class ActiveConfig {
  private final AtomicReference<BoundConfig> current = new AtomicReference<>();

  /** The config in force; empty before the first one is applied. */
  public Optional<BoundConfig> get() {
    return Optional.ofNullable(current.get());
  }

  /** The config in force or {@code null}, for the request path. */
  public BoundConfig getOrNull() {
    return current.get();
  }

  /**
   * The listener at {@code bind} for the requests of one connection: looked up again only when the
   * config in force changed (a map lookup per request and handler otherwise). Confined to the
   * connection's event loop.
   */
  public ListenerLookup lookup(BindAddress bind) {
    return new ListenerLookup(this, bind);
  }

  /** See {@link #lookup}. */
  public static final class ListenerLookup {
    private final ActiveConfig active;
    private final BindAddress bind;
    private BoundConfig seen;
    private ListenerConfig listener;

    private ListenerLookup(ActiveConfig active, BindAddress bind) {
      this.active = active;
      this.bind = bind;
    }

    /** The listener in the config in force, or {@code null} when it has none at the address. */
    public ListenerConfig get() {
      BoundConfig config = active.current.get();
      if (config != seen) {
        seen = config;
        listener = config == null ? null : config.listener(bind);
      }
      return listener;
    }

    /** The config in force at the last {@link #get()}: the one the listener it gave belongs to. */
    public BoundConfig binding() {
      return seen;
    }
  }

  public void set(BoundConfig config) {
    current.set(config);
  }
}
