package io.portico.proxy.bind;

import io.portico.proxy.config.BindAddress;
import io.portico.proxy.config.ListenerConfig;
import io.portico.proxy.config.RuntimeConfig;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The config in force. Written by the runtime when a config is applied, read by every new request
 * and connection without locks.
 */
public final class ActiveConfig {
  private final AtomicReference<RuntimeConfig> current = new AtomicReference<>();

  /** The config in force; empty before the first one is applied. */
  public Optional<RuntimeConfig> get() {
    return Optional.ofNullable(current.get());
  }

  /** The config in force or {@code null}, for the request path. */
  public RuntimeConfig getOrNull() {
    return current.get();
  }

  /** The listener bound at an address in the config in force, or {@code null}. */
  public ListenerConfig listener(BindAddress bind) {
    RuntimeConfig config = current.get();
    return config == null ? null : config.listener(bind);
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
    private RuntimeConfig seen;
    private ListenerConfig listener;

    private ListenerLookup(ActiveConfig active, BindAddress bind) {
      this.active = active;
      this.bind = bind;
    }

    /** The listener in the config in force, or {@code null} when it has none at the address. */
    public ListenerConfig get() {
      RuntimeConfig config = active.current.get();
      if (config != seen) {
        seen = config;
        listener = config == null ? null : config.listener(bind);
      }
      return listener;
    }
  }

  public void set(RuntimeConfig config) {
    current.set(config);
  }
}
