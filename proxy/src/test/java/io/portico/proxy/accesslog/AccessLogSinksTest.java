package io.portico.proxy.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sinks: bounded, never blocking the caller, appending, reconnecting. */
class AccessLogSinksTest {
  @TempDir Path dir;

  @Test
  void fileLinesAreAppendedToWhatIsThere() throws Exception {
    Path file = dir.resolve("a/b/access.log");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "old\n");
    try (AccessLogSinks sinks = new AccessLogSinks()) {
      AccessLogSink sink = sinks.sink(SinkSpec.file(file.toString()));
      assertThat(sink.offer("one\n")).isTrue();
      assertThat(sink.offer("two\n")).isTrue();
      Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> sink.written() == 2);
    }
    assertThat(Files.readAllLines(file)).containsExactly("old", "one", "two");
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
    try (AccessLogSinks sinks = new AccessLogSinks(4)) {
      // No collector: the writer keeps its batch and retries, the queue fills up.
      AccessLogSink sink = sinks.sink(SinkSpec.tcp("127.0.0.1:" + closedPort()));
      int accepted = 0;
      for (int i = 0; i < 100; i++) {
        if (sink.offer("line " + i + "\n")) {
          accepted++;
        }
      }
      assertThat(accepted).isLessThan(100);
      assertThat(sink.dropped()).isEqualTo(100 - accepted);
    }
  }

  @Test
  void tcpSinkReconnectsAfterTheCollectorWentAway() throws Exception {
    try (ServerSocket collector = new ServerSocket(0);
        AccessLogSinks sinks = new AccessLogSinks()) {
      collector.setSoTimeout(10_000);
      AccessLogSink sink = sinks.sink(SinkSpec.tcp("127.0.0.1:" + collector.getLocalPort()));
      sink.offer("first\n");
      try (Socket one = collector.accept();
          BufferedReader in = reader(one)) {
        assertThat(in.readLine()).isEqualTo("first");
      }
      // The collector closed that connection: later lines arrive on a new one.
      try (Socket two = acceptWhileOffering(collector, sink);
          BufferedReader in = reader(two)) {
        assertThat(in.readLine()).startsWith("again");
      }
    }
  }

  @Test
  void retainClosesSinksNoConfigUses() {
    try (AccessLogSinks sinks = new AccessLogSinks()) {
      SinkSpec a = SinkSpec.file(dir.resolve("a.log").toString());
      SinkSpec b = SinkSpec.file(dir.resolve("b.log").toString());
      sinks.retain(List.of(a, b));
      AccessLogSink old = sinks.sink(b);
      sinks.retain(Set.of(a));
      assertThat(sinks.open()).containsOnlyKeys(a);
      assertThat(old.offer("late\n")).isFalse();
    }
  }

  private static Socket acceptWhileOffering(ServerSocket collector, AccessLogSink sink)
      throws Exception {
    Thread offering =
        new Thread(
            () -> {
              for (int i = 0; i < 200 && !Thread.currentThread().isInterrupted(); i++) {
                sink.offer("again " + i + "\n");
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    offering.start();
    try {
      return collector.accept();
    } finally {
      offering.interrupt();
      offering.join();
    }
  }

  private static BufferedReader reader(Socket socket) throws Exception {
    return new BufferedReader(
        new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
