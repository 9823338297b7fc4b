package io.portico.proxy.config;

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

  public void set(RuntimeConfig config) {
    current.set(config);
  }
}
