package io.portico.cp.dpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.proxy.api.v1.ProxyConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every mesh sees every crossMesh gateway (spec/gateway.md §5.3), so a change to one in another
 * mesh rebuilds the snapshots of the meshes with connected proxies, from the change feed alone (the
 * periodic refresh is pushed out of the way).
 */
class CrossMeshSyncTest {
  @TempDir Path workDir;

  @Test
  void aCrossMeshChangeInAnotherMeshSendsANewConfig() {
    try (DpFixture dp =
        DpFixture.start(
            workDir,
            Map.of("PORTICO_XDS_SERVER_DATAPLANE_CONFIGURATION_REFRESH_INTERVAL", "1h"),
            o -> o)) {
      dp.put("/meshes/gw", MeshSnapshotsTest.builtinMesh("gw", "ca-1"));
      dp.awaitMesh("gw");
      dp.putDataplane("default", "web-1", DpFixture.dataplane("default", "web-1", "web"));
      TestProxy proxy =
          dp.connect(TestProxy.hello("default", "web-1"), dp.tokenFor("default", "web-1"));
      ProxyConfig first = proxy.nextConfig();
      proxy.ack(first.getVersion());

      dp.put(
          "/meshes/gw/meshgateways/cross",
          MeshSnapshotsTest.crossMeshGateway("gw", "cross", "edge"));
      ProxyConfig second = proxy.nextConfig();
      assertThat(second.getVersion()).isNotEqualTo(first.getVersion());
      proxy.ack(second.getVersion());

      dp.putDataplane("gw", "edge-1", DpFixture.gateway("gw", "edge-1", "edge"));
      ProxyConfig third = proxy.nextConfig();
      assertThat(third.getVersion()).isNotEqualTo(second.getVersion());
    }
  }
}
