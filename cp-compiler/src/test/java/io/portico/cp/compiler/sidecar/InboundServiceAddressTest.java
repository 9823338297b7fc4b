package io.portico.cp.compiler.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.cp.compiler.ProxyConfigCompiler;
import io.portico.cp.compiler.TestSnapshots;
import io.portico.mesh.api.Resource;
import io.portico.proxy.api.v1.Cluster;
import io.portico.proxy.api.v1.ProxyConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where a sidecar's inbound forwards (spec/core.md §2.1; spec/kubernetes.md §6.5 point 5): the
 * endpoint of its local cluster.
 */
class InboundServiceAddressTest {
  private static final String MESH = "type: Mesh\nname: default\n---\n";

  private static Cluster localCluster(String inbound, String transparentProxying) {
    String yaml =
        MESH
            + """
            type: Dataplane
            mesh: default
            name: web-1
            networking:
              address: 10.0.0.7
            %s
              inbound:
                - %s
                  tags: {kuma.io/service: web, kuma.io/protocol: http}
            """
                .formatted(transparentProxying, inbound);
    List<Resource<?>> resources = TestSnapshots.resources(yaml);
    ProxyConfig config =
        new ProxyConfigCompiler()
            .compile(
                TestSnapshots.snapshot(resources), TestSnapshots.dataplane(resources, "web-1"));
    return config.getClustersList().stream()
        .filter(c -> c.getName().startsWith("local:"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no local cluster in " + config));
  }

  @Test
  void inboundWithoutServicePortOrAddressForwardsToLoopbackInsteadOfItself() {
    // a Kubernetes pod's inbound: <pod IP>:<container port>, the app on 127.0.0.1
    Cluster local = localCluster("port: 8080", "");

    assertThat(local.getName()).isEqualTo("local:127.0.0.1:8080");
    assertThat(local.getEndpoints(0).getAddress()).isEqualTo("127.0.0.1");
    assertThat(local.getEndpoints(0).getPort()).isEqualTo(8080);
  }

  @Test
  void inboundWithAServicePortForwardsToTheListenerAddressAsKuma() {
    Cluster local = localCluster("port: 18080\n      servicePort: 8080", "");

    assertThat(local.getName()).isEqualTo("local:10.0.0.7:8080");
  }

  @Test
  void inboundWithAServiceAddressForwardsThere() {
    Cluster local = localCluster("port: 8080\n      serviceAddress: 10.0.0.8", "");

    assertThat(local.getName()).isEqualTo("local:10.0.0.8:8080");
  }

  @Test
  void withATransparentProxyTheInboundForwardsToTheListenerAddressAsKuma() {
    Cluster local =
        localCluster(
            "port: 8080",
            "  transparentProxying: {redirectPortInbound: 15006, redirectPortOutbound: 15001}");

    assertThat(local.getName()).isEqualTo("local:10.0.0.7:8080");
  }
}
