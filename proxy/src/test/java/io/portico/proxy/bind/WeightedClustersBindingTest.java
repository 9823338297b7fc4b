package io.portico.proxy.bind;

import static io.portico.proxy.fixture.Configs.forward;
import static io.portico.proxy.fixture.Configs.http1;
import static io.portico.proxy.fixture.Configs.httpListener;
import static io.portico.proxy.fixture.Configs.prefix;
import static io.portico.proxy.fixture.Configs.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.Route;
import io.portico.proxy.api.v1.TcpListener;
import io.portico.proxy.api.v1.WeightedCluster;
import io.portico.proxy.config.HttpListenerConfig;
import io.portico.proxy.config.InvalidConfigException;
import io.portico.proxy.config.RouteAction;
import io.portico.proxy.config.RuntimeConfig;
import io.portico.proxy.config.RuntimeConfigCompiler;
import io.portico.proxy.config.TcpListenerConfig;
import io.portico.proxy.config.WeightedClusters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The round-robin over a route's (or TCP listener's) weighted clusters: compiled as cluster names
 * and weights, built when bound, and kept across configs while the route and its choices stay the
 * same.
 */
class WeightedClustersBindingTest {
  private final RuntimeConfigCompiler compiler = new RuntimeConfigCompiler();
  private final ConfigBinder binder = new ConfigBinder();

  private static WeightedCluster weighted(String cluster, int weight) {
    return WeightedCluster.newBuilder().setCluster(cluster).setWeight(weight).build();
  }

  /** Route "r" to "web" and "api" with the given weights, then {@code more} routes. */
  private static ProxyConfig config(int webWeight, int apiWeight, Route... more) {
    Route.Builder route = forward("r", prefix("/")).toBuilder();
    route
        .getForwardBuilder()
        .addClusters(weighted("web", webWeight))
        .addClusters(weighted("api", apiWeight));
    List<Route> routes = new ArrayList<>(List.of(route.build()));
    routes.addAll(List.of(more));
    return ProxyConfig.newBuilder()
        .setVersion("v1")
        .addClusters(http1("web", 9000))
        .addClusters(http1("api", 9001))
        .addListeners(
            httpListener("http", 8080, vhost("all", List.of("*"), routes.toArray(Route[]::new))))
        .addListeners(
            Listener.newBuilder()
                .setName("tcp")
                .setAddress("127.0.0.1")
                .setPort(9090)
                .setTcp(
                    TcpListener.newBuilder()
                        .addClusters(weighted("web", webWeight))
                        .addClusters(weighted("api", apiWeight))))
        .build();
  }

  private static WeightedClusters routeClusters(RuntimeConfig config) {
    HttpListenerConfig listener = (HttpListenerConfig) config.listeners().iterator().next();
    RouteAction.Forward forward =
        (RouteAction.Forward)
            listener.hosts().find("any").orElseThrow().routes().entries().get(0).route().action();
    return forward.clusters();
  }

  private static WeightedClusters tcpClusters(RuntimeConfig config) {
    return config.listeners().stream()
        .filter(TcpListenerConfig.class::isInstance)
        .map(l -> ((TcpListenerConfig) l).clusters())
        .findFirst()
        .orElseThrow();
  }

  private BoundConfig bind(ProxyConfig config, BoundConfig previous) throws InvalidConfigException {
    return binder.bind(compiler.compile(config), previous);
  }

  @Test
  void compilingWeightedClustersMakesPlainValuesAndNoRoundRobin() throws InvalidConfigException {
    RuntimeConfig first = compiler.compile(config(3, 1));
    RuntimeConfig second = compiler.compile(config(3, 1));

    assertThat(routeClusters(first).choices())
        .containsExactly(
            new WeightedClusters.Choice("web", 3), new WeightedClusters.Choice("api", 1));
    assertThat(first.weightedClusters())
        .containsExactly(routeClusters(first), tcpClusters(first))
        .isEqualTo(second.weightedClusters());
  }

  @Test
  void theBoundRoundRobinPicksByWeight() throws InvalidConfigException {
    BoundConfig bound = bind(config(3, 1), null);
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      picks.add(bound.pick(routeClusters(bound.config())).name());
    }

    assertThat(picks).containsExactlyInAnyOrder("web", "web", "web", "api");
    assertThat(bound.pick(routeClusters(bound.config())))
        .isSameAs(bound.clusters().get(picks.get(0)));
  }

  @Test
  void theRoundRobinSurvivesAConfigThatChangesSomethingElse() throws InvalidConfigException {
    BoundConfig first = bind(config(1, 1), null);
    String picked = first.pick(routeClusters(first.config())).name();
    String tcpPicked = first.pick(tcpClusters(first.config())).name();

    BoundConfig second = bind(config(1, 1, forward("other", prefix("/other"), "web")), first);

    assertThat(second.picker(routeClusters(second.config())))
        .isSameAs(first.picker(routeClusters(first.config())));
    assertThat(second.pick(routeClusters(second.config())).name())
        .as("goes on where it was")
        .isNotEqualTo(picked);
    assertThat(second.picker(tcpClusters(second.config())))
        .isSameAs(first.picker(tcpClusters(first.config())));
    assertThat(second.pick(tcpClusters(second.config())).name()).isNotEqualTo(tcpPicked);
  }

  @Test
  void changedWeightsGetAFreshRoundRobin() throws InvalidConfigException {
    BoundConfig first = bind(config(1, 1), null);

    BoundConfig second = bind(config(2, 1), first);

    assertThat(second.picker(routeClusters(second.config())))
        .isNotSameAs(first.picker(routeClusters(first.config())));
    assertThat(second.picker(tcpClusters(second.config())))
        .isNotSameAs(first.picker(tcpClusters(first.config())));
  }

  @Test
  void theRoundRobinPicksTheClustersOfItsOwnBinding() throws InvalidConfigException {
    BoundConfig first = bind(config(1, 1), null);
    ProxyConfig moved =
        config(1, 1).toBuilder().setClusters(0, http1("web", 9002)).setVersion("v2").build();

    BoundConfig second = bind(moved, first);

    assertThat(second.picker(routeClusters(second.config())))
        .isSameAs(first.picker(routeClusters(first.config())));
    for (int i = 0; i < 2; i++) {
      BoundCluster cluster = second.pick(routeClusters(second.config()));
      assertThat(cluster).isSameAs(second.clusters().get(cluster.name()));
    }
    assertThat(second.clusters().get("web")).isNotSameAs(first.clusters().get("web"));
  }
}
