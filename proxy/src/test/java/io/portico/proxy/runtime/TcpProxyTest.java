package io.portico.proxy.runtime;

import static io.portico.proxy.fixture.Configs.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.TcpListener;
import io.portico.proxy.api.v1.UpstreamProtocol;
import io.portico.proxy.api.v1.WeightedCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TCP listeners (spec gateway.md §2.9). */
class TcpProxyTest {
  private ProxyRuntime runtime;
  private final List<TcpEcho> echoes = new ArrayList<>();

  @BeforeEach
  void start() {
    runtime = ProxyRuntime.builder().eventLoopThreads(1).build();
  }

  @AfterEach
  void stop() throws IOException {
    runtime.close();
    for (TcpEcho echo : echoes) {
      echo.close();
    }
  }

  /** Echoes bytes prefixed with its name, until the client half-closes, then closes. */
  private static final class TcpEcho implements AutoCloseable {
    private final ServerSocket server;

    TcpEcho(String name) throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
      Thread thread =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    OutputStream out = socket.getOutputStream();
                    out.write((name + ":").getBytes(StandardCharsets.UTF_8));
                    in.transferTo(out);
                    out.flush();
                  } catch (IOException e) {
                    // the server closed or the client went away: next connection
                  }
                }
              },
              "tcp-echo-" + name);
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  private TcpEcho echo(String name) throws IOException {
    TcpEcho echo = new TcpEcho(name);
    echoes.add(echo);
    return echo;
  }

  private static Listener tcpListener(WeightedCluster... clusters) {
    return Listener.newBuilder()
        .setName("tcp")
        .setAddress("127.0.0.1")
        .setPort(0)
        .setTcp(TcpListener.newBuilder().addAllClusters(List.of(clusters)))
        .build();
  }

  private static WeightedCluster weighted(String name, int weight) {
    return WeightedCluster.newBuilder().setCluster(name).setWeight(weight).build();
  }

  /** Sends a line, half-closes, and reads everything until the proxy closes. */
  private static String roundTrip(int port, String payload) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(payload.getBytes(StandardCharsets.UTF_8));
      socket.shutdownOutput();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** {@link #roundTrip}, or "" when the proxy resets the connection. */
  private static String roundTripOrClosed(int port, String payload) throws IOException {
    try {
      return roundTrip(port, payload);
    } catch (java.net.SocketException e) {
      return "";
    }
  }

  /** Whether the proxy closes a connection without sending anything (EOF or reset). */
  private static boolean closesWithoutData(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      try {
        return socket.getInputStream().read() < 0;
      } catch (java.net.SocketException e) {
        return true;
      }
    }
  }

  @Test
  void bytesRoundTripAndHalfCloseIsPropagated() throws IOException {
    TcpEcho redis = echo("redis");
    ProxyConfig config =
        ProxyConfig.newBuilder()
            .setVersion("v1")
            .addClusters(cluster("redis", UpstreamProtocol.TCP, redis.port()))
            .addListeners(tcpListener(weighted("redis", 1)))
            .build();
    assertThat(runtime.apply(config)).isEmpty();
    int port = runtime.listenerPort("tcp").orElseThrow();
    String payload = "PING\r\n".repeat(20_000);
    assertThat(roundTrip(port, payload)).isEqualTo("redis:" + payload);
  }

  @Test
  void weightedClustersArePickedPerConnection() throws IOException {
    TcpEcho one = echo("one");
    TcpEcho two = echo("two");
    ProxyConfig config =
        ProxyConfig.newBuilder()
            .setVersion("v1")
            .addClusters(cluster("one", UpstreamProtocol.TCP, one.port()))
            .addClusters(cluster("two", UpstreamProtocol.TCP, two.port()))
            .addListeners(tcpListener(weighted("one", 2), weighted("two", 1)))
            .build();
    assertThat(runtime.apply(config)).isEmpty();
    int port = runtime.listenerPort("tcp").orElseThrow();
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      answers.add(roundTrip(port, "x").split(":")[0]);
    }
    assertThat(answers).filteredOn("one"::equals).hasSize(4);
    assertThat(answers).filteredOn("two"::equals).hasSize(2);
  }

  @Test
  void listenerWithoutClustersAcceptsAndCloses() throws IOException {
    ProxyConfig config =
        ProxyConfig.newBuilder().setVersion("v1").addListeners(tcpListener()).build();
    assertThat(runtime.apply(config)).isEmpty();
    assertThat(closesWithoutData(runtime.listenerPort("tcp").orElseThrow())).isTrue();
  }

  @Test
  void unreachableEndpointClosesTheConnection() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    ProxyConfig config =
        ProxyConfig.newBuilder()
            .setVersion("v1")
            .addClusters(cluster("gone", UpstreamProtocol.TCP, closed))
            .addListeners(tcpListener(weighted("gone", 1)))
            .build();
    assertThat(runtime.apply(config)).isEmpty();
    assertThat(closesWithoutData(runtime.listenerPort("tcp").orElseThrow())).isTrue();
  }

  @Test
  void maxConnectAttemptsBoundsTheEndpointsTriedPerConnection() throws IOException {
    int closed1;
    int closed2;
    try (ServerSocket a = new ServerSocket(0);
        ServerSocket b = new ServerSocket(0)) {
      closed1 = a.getLocalPort();
      closed2 = b.getLocalPort();
    }
    TcpEcho live = echo("live");
    for (int attempts : new int[] {1, 3}) {
      Listener listener = tcpListener(weighted("svc", 1));
      listener =
          listener.toBuilder()
              .setTcp(listener.getTcp().toBuilder().setMaxConnectAttempts(attempts))
              .build();
      ProxyConfig config =
          ProxyConfig.newBuilder()
              .setVersion("v" + attempts)
              .addClusters(cluster("svc", UpstreamProtocol.TCP, closed1, closed2, live.port()))
              .addListeners(listener)
              .build();
      assertThat(runtime.apply(config)).isEmpty();
      int port = runtime.listenerPort("tcp").orElseThrow();
      if (attempts == 3) {
        // Two dead endpoints, then the live one: every connection gets through.
        for (int i = 0; i < 6; i++) {
          assertThat(roundTrip(port, "x")).isEqualTo("live:x");
        }
      } else {
        // One endpoint per connection: the first connection lands on a dead one and is closed
        // (later ones may avoid the endpoints that failed to connect).
        int through = 0;
        for (int i = 0; i < 6; i++) {
          if (roundTripOrClosed(port, "x").equals("live:x")) {
            through++;
          }
        }
        assertThat(through).isLessThan(6);
      }
    }
  }

  @Test
  void tooManyConnectAttemptsAreRejectedWithThePath() {
    Listener listener = tcpListener();
    listener =
        listener.toBuilder()
            .setTcp(listener.getTcp().toBuilder().setMaxConnectAttempts(1000))
            .build();
    ProxyConfig config = ProxyConfig.newBuilder().setVersion("v1").addListeners(listener).build();
    assertThat(runtime.apply(config))
        .anySatisfy(e -> assertThat(e).contains("listeners[tcp].tcp.max_connect_attempts"));
  }
}
