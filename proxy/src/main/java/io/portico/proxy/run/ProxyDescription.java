package io.portico.proxy.run;

import io.portico.proxy.transport.Transport;
import java.util.Objects;

/**
 * Who the proxy is, as far as the runtime may want to know before its first config (for logs and
 * metrics).
 *
 * @param mesh the mesh; empty for zone ingress and egress
 * @param name the dataplane, ingress or egress name
 * @param type the proxy type
 * @param adminPort the admin port the dataplane template names ({@code networking.admin.port}), 0
 *     when it names none: the runtime serves its admin API there from the start, so {@code /ready}
 *     answers (503) before the first config is applied and while a config is refused
 * @param concurrency the proxy's event-loop threads ({@code --concurrency}); 0 = one per core
 * @param transport the event loops' I/O ({@code --transport})
 */
public record ProxyDescription(
    String mesh,
    String name,
    ProxyType type,
    int adminPort,
    int concurrency,
    Transport.Kind transport) {
  public ProxyDescription {
    Objects.requireNonNull(mesh, "mesh");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(transport, "transport");
    if (concurrency < 0) {
      throw new IllegalArgumentException("concurrency must be >= 0, got " + concurrency);
    }
  }

  /** A proxy with one event loop per core. */
  public ProxyDescription(String mesh, String name, ProxyType type, int adminPort) {
    this(mesh, name, type, adminPort, 0, Transport.Kind.IO_URING);
  }

  /** This proxy with {@code threads} event loops (0 = one per core). */
  public ProxyDescription withConcurrency(int threads) {
    return new ProxyDescription(mesh, name, type, adminPort, threads, transport);
  }

  /** This proxy with event loops of {@code kind}. */
  public ProxyDescription withTransport(Transport.Kind kind) {
    return new ProxyDescription(mesh, name, type, adminPort, concurrency, kind);
  }

  /** A proxy whose admin port comes with its first config. */
  public ProxyDescription(String mesh, String name, ProxyType type) {
    this(mesh, name, type, 0);
  }
}
