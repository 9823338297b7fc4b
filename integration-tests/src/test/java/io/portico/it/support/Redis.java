package io.portico.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real redis-server of the test's own, on a free loopback port, persisting nothing. */
public final class Redis implements AutoCloseable {
  private final ExternalProgram program;
  private final int port;

  private Redis(ExternalProgram program, int port) {
    this.program = program;
    this.port = port;
  }

  public static Redis start(Path workDir) {
    Path server = ExternalProgram.locate("redis-server", "redis-server");
    int port = FreePorts.next();
    ExternalProgram p =
        ExternalProgram.start(
            "redis",
            List.of(
                server.toString(),
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                workDir.toString()),
            workDir);
    Redis redis = new Redis(p, port);
    await("redis-server on " + port)
        .atMost(Duration.ofSeconds(20))
        .failFast("redis-server exited:\n" + p.output(), () -> !p.isAlive())
        .ignoreExceptions()
        .until(() -> "+PONG".equals(ping("127.0.0.1", port)));
    return redis;
  }

  public int port() {
    return port;
  }

  /** Sends {@code PING} in RESP and returns the first reply line, e.g. {@code +PONG}. */
  public static String ping(String host, int port) throws IOException {
    return command(host, port, "*1\r\n$4\r\nPING\r\n");
  }

  /** Sends one raw RESP command and returns the first reply line. */
  public static String command(String host, int port, String resp) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 2000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(resp.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\r') {
        line.append((char) c);
      }
      return line.toString();
    }
  }

  @Override
  public void close() {
    program.close();
  }
}
