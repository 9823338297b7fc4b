package io.portico.proxy.run;

/** Makes the runtime that {@code portico-dp run} feeds with configs. */
@FunctionalInterface
public interface ProxyFactory {
  Proxy create(ProxyDescription proxy);

  /**
   * The runtime {@code portico-dp} runs. For now it logs each config and applies nothing; point it
   * at the real runtime (listeners, routing, upstreams) once that exists.
   */
  static ProxyFactory standard() {
    return NettyProxy::new;
  }
}
