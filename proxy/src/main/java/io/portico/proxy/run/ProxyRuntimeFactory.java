package io.portico.proxy.run;

/** Makes the runtime that {@code portico-dp run} feeds with configs. */
@FunctionalInterface
public interface ProxyRuntimeFactory {
  ProxyRuntime create(ProxyDescription proxy);

  /**
   * The runtime {@code portico-dp} runs. For now it logs each config and applies nothing; point it
   * at the real runtime (listeners, routing, upstreams) once that exists.
   */
  static ProxyRuntimeFactory standard() {
    return LoggingProxyRuntime::new;
  }
}
