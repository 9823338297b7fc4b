package io.portico.proxy.config;

import io.portico.proxy.api.v1.ProxyConfig;
import java.util.List;

/**
 * Where the stream client hands each config it receives: the proxy runtime validates it and, when
 * valid, applies it as a whole. Called from the stream thread, one config at a time.
 */
@FunctionalInterface
public interface ConfigSink {
  /**
   * Validates and applies a config.
   *
   * @return every problem found, each naming the listener, route or cluster at fault; empty when
   *     the config was applied. When not empty, nothing changed and the last good config keeps
   *     serving.
   */
  List<String> apply(ProxyConfig config);

  /**
   * Whether the config {@link #apply} refused last may apply later as it is: every error was an
   * address that could not be bound (in use, for example by a process still draining). The stream
   * then applies it again with a back-off until it applies or a newer config arrives.
   */
  default boolean lastRefusalIsTransient() {
    return false;
  }
}
