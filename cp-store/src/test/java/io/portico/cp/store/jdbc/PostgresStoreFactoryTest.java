package io.portico.cp.store.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.cp.store.StoreException;
import io.portico.cp.store.StoreSettings;
import io.portico.mesh.api.codec.ResourceCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the Postgres store says when it cannot start; needs no server. */
class PostgresStoreFactoryTest {
  private static StoreSettings.Postgres settings(int port) {
    return new StoreSettings.Postgres(
        "127.0.0.1", port, "postgres", "", "portico", 4, Duration.ofSeconds(1), null);
  }

  @Test
  void aServerThatDoesNotListenIsReportedWithItsAddress() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    assertThatThrownBy(
            () ->
                PostgresStoreFactory.open(
                    settings(closedPort), ResourceCodec.standard(), Clock.systemUTC()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot reach PostgreSQL at 127.0.0.1:" + closedPort);
  }

  @Test
  void badSettingsAreReportedWithTheirValue() {
    assertThatThrownBy(
            () -> PostgresStoreFactory.open(settings(70000), ResourceCodec.standard(), null))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("store.postgres.port")
        .hasMessageContaining("70000");
  }
}
