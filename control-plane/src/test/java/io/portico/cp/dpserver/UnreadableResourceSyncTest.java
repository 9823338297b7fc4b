package io.portico.cp.dpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.proxy.api.v1.ProxyConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resource that reached the store but cannot be read (issue 8) does not stall its mesh: the
 * mesh's proxies keep getting configs built from everything else, on SQLite as users run it.
 */
class UnreadableResourceSyncTest {
  @TempDir Path workDir;
  DpFixture dp;

  @AfterEach
  void stop() {
    dp.close();
  }

  private static String timeout(String name) {
    return "{\"type\":\"Timeout\",\"mesh\":\"default\",\"name\":\""
        + name
        + "\",\"sources\":[{\"match\":{\"kuma.io/service\":\"*\"}}],"
        + "\"destinations\":[{\"match\":{\"kuma.io/service\":\"web\"}}],"
        + "\"conf\":{\"connectTimeout\":\"2s\"}}";
  }

  @Test
  void anUnreadablePolicyIsSkippedAndTheMeshsProxiesKeepGettingConfigs() throws SQLException {
    dp = DpFixture.start(workDir, Map.of("PORTICO_STORE_TYPE", "sqlite"), o -> o);
    dp.putDataplane("default", "web-1", DpFixture.dataplane("default", "web-1", "web", 9901));
    TestProxy proxy =
        dp.connect(TestProxy.hello("default", "web-1"), dp.tokenFor("default", "web-1"));
    ProxyConfig first = proxy.nextConfig();
    proxy.ack(first.getVersion());
    dp.put("/meshes/default/timeouts/broken", timeout("broken"));
    ProxyConfig withTimeout = proxy.nextConfig();
    proxy.ack(withTimeout.getVersion());

    writeSpec(
        "Timeout",
        "broken",
        "{\"sources\":[{\"match\":{\"kuma.io/service\":\"*\"}}],\"destinations\":[{\"match\":"
            + "{\"kuma.io/service\":\"web\"}}],\"conf\":{\"connectTimeout\":1e308}}");
    dp.putDataplane("default", "web-1", DpFixture.dataplane("default", "web-1", "web", 9902));

    ProxyConfig next = proxy.nextConfig();
    assertThat(next.getVersion()).isNotEqualTo(withTimeout.getVersion());
    assertThat(next.getAdmin().getPort()).isEqualTo(9902);
    assertThat(dp.status("/meshes/default/timeouts")).isEqualTo(200);
    assertThat(dp.status("/meshes/default/timeouts/broken")).isEqualTo(409);
  }

  private void writeSpec(String type, String name, String spec) throws SQLException {
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + workDir.resolve("portico.db"));
        Statement pragma = c.createStatement();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE resources SET spec = ? WHERE type = ? AND mesh = 'default' AND name = ?")) {
      pragma.execute("PRAGMA busy_timeout = 10000");
      ps.setString(1, spec);
      ps.setString(2, type);
      ps.setString(3, name);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }
}
