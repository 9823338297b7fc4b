package io.portico.mesh.api.gateway;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.portico.mesh.api.DataSource;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.SpecValues;
import java.util.List;
import java.util.Map;

/**
 * The spec of a MeshGateway (Kuma {@code mesh.v1alpha1.MeshGateway}, spec/gateway.md §1.2): the
 * listeners a builtin gateway dataplane exposes, and which gateway dataplanes it configures.
 *
 * @param selectors select gateway dataplanes by their {@code networking.gateway.tags}
 * @param tags tags common to every listener (merged over the dataplane's tags, spec/gateway.md
 *     §2.2)
 * @param conf the listeners; null when absent
 */
public record MeshGatewaySpec(List<Selector> selectors, Map<String, String> tags, Conf conf)
    implements ResourceSpec {
  public MeshGatewaySpec {
    selectors = SpecValues.list(selectors);
    tags = SpecValues.tags(tags);
  }

  /** Whether any listener is reachable from other meshes (spec/gateway.md §5.1). */
  @JsonIgnore
  public boolean isCrossMesh() {
    return conf != null && conf.listeners().stream().anyMatch(l -> l != null && l.crossMesh());
  }

  /**
   * @param listeners the listeners; listeners sharing a port share one socket
   */
  public record Conf(List<Listener> listeners) {
    public Conf {
      listeners = SpecValues.list(listeners);
    }
  }

  /**
   * One listener.
   *
   * @param hostname {@code *}, {@code *.domain} or a lowercase DNS name; empty = {@code *}
   * @param port 1-65535
   * @param protocol HTTP, HTTPS or TCP (NONE when absent, which is invalid)
   * @param tls TLS settings, required for HTTPS
   * @param tags listener tags, used to bind routes and to match policy sources
   * @param crossMesh whether sidecars of other meshes may reach this listener over mTLS
   * @param resources per-port limits
   */
  public record Listener(
      String hostname,
      int port,
      Protocol protocol,
      Tls tls,
      Map<String, String> tags,
      boolean crossMesh,
      Resources resources) {
    public Listener {
      hostname = SpecValues.text(hostname);
      protocol = protocol == null ? Protocol.NONE : protocol;
      tags = SpecValues.tags(tags);
    }

    /** The hostname with empty meaning {@code *}: two listeners are on the same host if equal. */
    public String nonEmptyHostname() {
      return hostname.isEmpty() ? "*" : hostname;
    }

    /** The connection limit of this listener; 0 = unlimited. */
    public int connectionLimit() {
      return resources == null ? 0 : resources.connectionLimit();
    }
  }

  /** Listener protocols; only HTTP, HTTPS and TCP are served. */
  public enum Protocol {
    NONE,
    UDP,
    TCP,
    TLS,
    HTTP,
    HTTPS
  }

  /**
   * TLS settings of a listener.
   *
   * @param mode TERMINATE (the only mode served); NONE when absent, which is invalid
   * @param certificates one or two certificate chains with their keys (one RSA, one ECDSA)
   * @param options no settings yet
   */
  public record Tls(TlsMode mode, List<DataSource> certificates, Options options) {
    public Tls {
      mode = mode == null ? TlsMode.NONE : mode;
      certificates = SpecValues.list(certificates);
    }
  }

  /** TLS modes; PASSTHROUGH is rejected on HTTPS listeners (spec/gateway.md decisions). */
  public enum TlsMode {
    NONE,
    TERMINATE,
    PASSTHROUGH
  }

  /** TLS options; no settings yet. */
  public record Options() {}

  /**
   * @param connectionLimit max concurrent downstream connections on the port; 0 = unlimited
   */
  public record Resources(int connectionLimit) {}
}
