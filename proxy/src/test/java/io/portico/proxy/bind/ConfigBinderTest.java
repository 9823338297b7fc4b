package io.portico.proxy.bind;

import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.httpListener;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.sidecarListener;
import static io.portico.proxy.fixture.Configs.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.format.IpLiteral;
import io.portico.proxy.api.v1.Cluster;
import io.portico.proxy.api.v1.Endpoint;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.TrafficDirection;
import io.portico.proxy.api.v1.UpstreamProtocol;
import io.portico.proxy.config.EndpointConfig;
import io.portico.proxy.config.InvalidConfigException;
import io.portico.proxy.config.ListenerConfig;
import io.portico.proxy.config.RuntimeConfig;
import io.portico.proxy.config.RuntimeConfigCompiler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binding a compiled config: names resolved once per config, IP literals and clusters reused. */
class ConfigBinderTest {
  private final RuntimeConfigCompiler compiler = new RuntimeConfigCompiler();

  /** A fake DNS: names it knows, every lookup recorded; anything else does not resolve. */
  private static final class FakeResolver implements HostResolver {
    final Map<String, String> names = new HashMap<>();
    final List<String> lookups = new ArrayList<>();
    boolean isCompiling;

    @Override
    public InetAddress resolve(String host) throws UnknownHostException {
      if (isCompiling) {
        throw new AssertionError("\"" + host + "\" resolved while compiling");
      }
      lookups.add(host);
      String address = names.getOrDefault(host, host);
      if (!IpLiteral.isIpLiteral(address)) {
        throw new UnknownHostException(host);
      }
      return InetAddress.getByName(address);
    }
  }

  private final FakeResolver dns = new FakeResolver();
  private final ConfigBinder binder = new ConfigBinder(dns);

  private static Endpoint endpoint(String address, int port) {
    return Endpoint.newBuilder().setAddress(address).setPort(port).build();
  }

  /** Cluster "web" with the given endpoints, and a listener routing to it. */
  private static ProxyConfig config(Endpoint... endpoints) {
    return ProxyConfig.newBuilder()
        .setVersion("v1")
        .addClusters(
            Cluster.newBuilder()
                .setName("web")
                .setProtocol(UpstreamProtocol.HTTP1)
                .addAllEndpoints(List.of(endpoints)))
        .addListeners(
            httpListener(
                "http", 8080, vhost("all", List.of("*"), forward("r", prefix("/"), "web"))))
        .build();
  }

  private BoundConfig bind(ProxyConfig config, BoundConfig previous) throws InvalidConfigException {
    return binder.bind(compiler.compile(config), previous);
  }

  @Test
  void compilingADnsNameResolvesNothing() throws InvalidConfigException {
    dns.names.put("backend.mesh", "10.1.2.3");
    dns.isCompiling = true;
    RuntimeConfig compiled = compiler.compile(config(endpoint("backend.mesh", 80)));
    dns.isCompiling = false;

    assertThat(compiled.clusters().get("web").endpoints())
        .containsExactly(new EndpointConfig("backend.mesh", 80, 1));
    assertThat(dns.lookups).isEmpty();
    binder.bind(compiled, null);
    assertThat(dns.lookups).containsExactly("backend.mesh");
  }

  @Test
  void aDnsNameIsResolvedWhenBound() throws Exception {
    dns.names.put("backend.mesh", "10.1.2.3");

    BoundConfig bound = bind(config(endpoint("backend.mesh", 8080)), null);

    assertThat(bound.clusters().get("web").endpoints())
        .containsExactly(
            new BoundEndpoint(
                new EndpointConfig("backend.mesh", 8080, 1),
                new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 1, 2, 3}), 8080)));
  }

  @Test
  void unresolvableEndpointIsLeftOutAndTheConfigApplies() throws InvalidConfigException {
    BoundConfig bound =
        bind(config(endpoint("unresolvable.invalid", 80), endpoint("127.0.0.1", 81)), null);

    assertThat(bound.clusters().get("web").endpoints())
        .extracting(BoundEndpoint::authority)
        .containsExactly("127.0.0.1:81");
    assertThat(bound.clusters().get("web").picker().pick().authority()).isEqualTo("127.0.0.1:81");
  }

  @Test
  void aNameIsResolvedOncePerConfigAndAgainAtTheNext() throws InvalidConfigException {
    dns.names.put("backend.mesh", "10.1.2.3");
    ProxyConfig config = config(endpoint("backend.mesh", 80), endpoint("backend.mesh", 81));

    BoundConfig first = bind(config, null);
    dns.names.put("backend.mesh", "10.1.2.4");
    BoundConfig second = bind(config, first);

    assertThat(dns.lookups).containsExactly("backend.mesh", "backend.mesh");
    assertThat(second.clusters().get("web").endpoints())
        .extracting(e -> e.address().getAddress().getHostAddress())
        .containsExactly("10.1.2.4", "10.1.2.4");
  }

  @Test
  void anIpLiteralsBindingIsReusedFromThePreviousBinding() throws InvalidConfigException {
    BoundConfig first = bind(config(endpoint("127.0.0.1", 80), endpoint("backend.mesh", 81)), null);
    dns.names.put("backend.mesh", "10.1.2.3");
    dns.lookups.clear();

    BoundConfig second =
        bind(config(endpoint("127.0.0.1", 80), endpoint("backend.mesh", 81)), first);

    assertThat(second.clusters().get("web").endpoints().get(0))
        .isSameAs(first.clusters().get("web").endpoints().get(0));
    assertThat(dns.lookups).containsExactly("backend.mesh");
  }

  @Test
  void anUnchangedClusterKeepsItsBindingAndItsRoundRobin() throws InvalidConfigException {
    ProxyConfig config = config(endpoint("127.0.0.1", 80), endpoint("127.0.0.2", 80));
    BoundConfig first = bind(config, null);
    BoundEndpoint picked = first.clusters().get("web").picker().pick();

    BoundConfig same = bind(config.toBuilder().setVersion("v2").build(), first);
    BoundConfig changed = bind(config(endpoint("127.0.0.1", 80)), same);

    assertThat(same.clusters().get("web")).isSameAs(first.clusters().get("web"));
    assertThat(same.clusters().get("web").picker().pick()).isNotEqualTo(picked);
    assertThat(changed.clusters().get("web")).isNotSameAs(first.clusters().get("web"));
  }

  @Test
  void theBindingOfAClusterIsFoundFromItsCompiledConfig() throws InvalidConfigException {
    BoundConfig bound = bind(config(endpoint("127.0.0.1", 80)), null);

    assertThat(bound.cluster(bound.config().clusters().get("web")))
        .isSameAs(bound.clusters().get("web"));
  }

  @Test
  void outboundOnAnAddressOfNoLocalInterfaceIsLeftOut() throws InvalidConfigException {
    // a Kubernetes ClusterIP outbound (spec/kubernetes.md §5.6, §6.5 point 4); 192.0.2.0/24 is
    // TEST-NET-1, on no interface
    Listener http = config().getListeners(0);
    Listener clusterIp = sidecarListener(http, TrafficDirection.OUTBOUND, "192.0.2.10", 5000);
    Listener loopback = sidecarListener(http, TrafficDirection.OUTBOUND, "127.0.0.1", 33033);

    BoundConfig bound =
        bind(config().toBuilder().addListeners(clusterIp).addListeners(loopback).build(), null);

    assertThat(bound.config().listeners())
        .extracting(ListenerConfig::name)
        .containsExactly("http", "outbound:127.0.0.1:33033");
  }

  @Test
  void inboundOnAnAddressOfNoLocalInterfaceIsKept() throws InvalidConfigException {
    Listener inbound =
        sidecarListener(config().getListeners(0), TrafficDirection.INBOUND, "192.0.2.10", 5000);

    BoundConfig bound = bind(config().toBuilder().addListeners(inbound).build(), null);

    assertThat(bound.config().listeners())
        .extracting(ListenerConfig::name)
        .containsExactly("http", "inbound:192.0.2.10:5000");
  }
}
