package io.portico.mesh.api.dataplane;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.SpecValues;
import io.portico.mesh.api.mesh.MeshSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The spec of a Dataplane (Kuma {@code mesh.v1alpha1.Dataplane}, spec/core.md §2.1, spec/gateway.md
 * §1.4): where a proxy listens, which services it serves (inbounds), which it consumes (outbounds)
 * or which gateway it is.
 *
 * <p>Absent sections are null: the presence of {@code networking.gateway} makes the dataplane a
 * gateway, the presence of {@code probes} matters for builtin gateways.
 *
 * @param networking addresses, inbounds, outbounds, gateway, transparent proxying, admin port
 * @param metrics a per-dataplane override of the mesh metrics backend
 * @param probes virtual probes exposed without mTLS
 */
public record DataplaneSpec(Networking networking, MeshSpec.MetricsBackend metrics, Probes probes)
    implements ResourceSpec {

  /** Whether this dataplane is a gateway of either type. */
  @JsonIgnore
  public boolean isGateway() {
    return networking != null && networking.gateway() != null;
  }

  /** Whether this dataplane is a builtin gateway configured by MeshGateways. */
  @JsonIgnore
  public boolean isBuiltinGateway() {
    return isGateway() && networking.gateway().type() == GatewayType.BUILTIN;
  }

  /** Whether this dataplane runs beside a third-party gateway (outbounds only). */
  @JsonIgnore
  public boolean isDelegatedGateway() {
    return isGateway() && networking.gateway().type() == GatewayType.DELEGATED;
  }

  /**
   * Addresses and listeners of the proxy.
   *
   * @param address IP or DNS name the proxy binds to and is reached on
   * @param advertisedAddress address other proxies dial (NAT); empty = {@code address}
   * @param inbound services this dataplane serves; forbidden on gateways
   * @param outbound local listeners for consumed services; forbidden on builtin gateways
   * @param gateway present when the dataplane is a gateway
   * @param transparentProxying iptables redirection settings
   * @param admin the Envoy admin port
   */
  public record Networking(
      String address,
      String advertisedAddress,
      List<Inbound> inbound,
      List<Outbound> outbound,
      Gateway gateway,
      TransparentProxying transparentProxying,
      Admin admin) {
    public Networking {
      address = SpecValues.text(address);
      advertisedAddress = SpecValues.text(advertisedAddress);
      inbound = SpecValues.list(inbound);
      outbound = SpecValues.list(outbound);
    }

    /**
     * The tag sets the dataplane is matched by as a policy source (spec/core.md §3): its gateway
     * tags, or each inbound's.
     */
    public List<Map<String, String>> sourceTagSets() {
      if (gateway != null) {
        return List.of(gateway.tags());
      }
      List<Map<String, String>> out = new java.util.ArrayList<>(inbound.size());
      for (Inbound one : inbound) {
        if (one != null) {
          out.add(one.tags());
        }
      }
      return out;
    }
  }

  /**
   * One served service instance.
   *
   * @param port the port the proxy listens on
   * @param servicePort the application port; 0 = {@code port}
   * @param serviceAddress the application IP; empty = the inbound address
   * @param address the listener IP; empty = {@code networking.address}
   * @param tags the instance's tags; {@code kuma.io/service} is mandatory
   * @param health readiness; null = healthy
   * @param serviceProbe an active probe of the application, written back as {@code health}
   */
  public record Inbound(
      int port,
      int servicePort,
      String serviceAddress,
      String address,
      Map<String, String> tags,
      Health health,
      ServiceProbe serviceProbe) {
    public Inbound {
      serviceAddress = SpecValues.text(serviceAddress);
      address = SpecValues.text(address);
      tags = SpecValues.tags(tags);
    }
  }

  /**
   * @param ready false removes the inbound from load balancing
   */
  public record Health(boolean ready) {}

  /**
   * An active health check of the application behind an inbound.
   *
   * @param interval time between checks
   * @param timeout time to wait for a check
   * @param unhealthyThreshold failures before the inbound becomes unhealthy; null = default
   * @param healthyThreshold successes before the inbound becomes healthy; null = default
   * @param tcp a TCP connect check
   */
  public record ServiceProbe(
      Duration interval,
      Duration timeout,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer unhealthyThreshold,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer healthyThreshold,
      Tcp tcp) {}

  /** A TCP connect check; no settings. */
  public record Tcp() {}

  /**
   * A local listener for a consumed service.
   *
   * @param address the listener IP; empty = 127.0.0.1
   * @param port the listener port
   * @param service deprecated service name, used only when {@code tags} is empty
   * @param tags the destination; {@code kuma.io/service} is mandatory, {@code kuma.io/mesh}
   *     addresses a cross-mesh gateway
   */
  public record Outbound(String address, int port, String service, Map<String, String> tags) {
    public Outbound {
      address = SpecValues.text(address);
      service = SpecValues.text(service);
      tags = SpecValues.tags(tags);
    }
  }

  /**
   * Gateway mode.
   *
   * @param tags the gateway's identity; {@code kuma.io/service} is mandatory
   * @param type DELEGATED (the default when absent) or BUILTIN
   */
  public record Gateway(Map<String, String> tags, GatewayType type) {
    public Gateway {
      tags = SpecValues.tags(tags);
      type = type == null ? GatewayType.DELEGATED : type;
    }
  }

  /** The kind of gateway a dataplane is (spec/gateway.md §1.4, §6). */
  public enum GatewayType {
    /** A third-party gateway next to the proxy; only outbounds are generated. */
    DELEGATED,
    /** The proxy itself is the gateway, configured by MeshGateway and MeshGatewayRoute. */
    BUILTIN
  }

  /**
   * @param redirectPortInbound the port inbound traffic is redirected to
   * @param redirectPortOutbound the port outbound traffic is redirected to
   * @param directAccessServices services reached directly, bypassing load balancing
   * @param redirectPortInboundV6 the IPv6 inbound redirect port
   * @param reachableServices the only services this dataplane may reach; empty = all
   */
  public record TransparentProxying(
      int redirectPortInbound,
      int redirectPortOutbound,
      List<String> directAccessServices,
      int redirectPortInboundV6,
      List<String> reachableServices) {
    public TransparentProxying {
      directAccessServices = SpecValues.list(directAccessServices);
      reachableServices = SpecValues.list(reachableServices);
    }
  }

  /**
   * @param port the Envoy admin port; 0 = the control plane's default (9901)
   */
  public record Admin(int port) {}

  /**
   * Virtual probes: plain-HTTP endpoints forwarded to inbound paths.
   *
   * @param port the port the probes listen on
   * @param endpoints the forwarded paths
   */
  public record Probes(int port, List<Endpoint> endpoints) {
    public Probes {
      endpoints = SpecValues.list(endpoints);
    }
  }

  /**
   * @param inboundPort the inbound the probe is forwarded to
   * @param inboundPath the path on that inbound
   * @param path the path exposed on the probe port
   */
  public record Endpoint(int inboundPort, String inboundPath, String path) {
    public Endpoint {
      inboundPath = SpecValues.text(inboundPath);
      path = SpecValues.text(path);
    }
  }
}
