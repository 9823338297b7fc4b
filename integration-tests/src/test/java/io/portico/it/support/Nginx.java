package io.portico.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real nginx (Debian's package) of the test's own: its config, logs and temp files in a temp
 * directory, one server on a free loopback port whose {@code proxy_pass} points at a given URL.
 */
public final class Nginx implements AutoCloseable {
  private final ExternalProgram program;
  private final int port;

  private Nginx(ExternalProgram program, int port) {
    this.program = program;
    this.port = port;
  }

  /** Starts nginx proxying every request to {@code upstreamUrl} (e.g. http://127.0.0.1:33033). */
  public static Nginx reverseProxy(Path dir, String upstreamUrl) {
    Path nginx = ExternalProgram.locate("nginx", "nginx");
    int port = FreePorts.next();
    String conf =
        """
        worker_processes 1;
        daemon off;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log info;
        events { worker_connections 256; }
        http {
          access_log %1$s/access.log;
          client_body_temp_path %1$s/client_body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          server {
            listen 127.0.0.1:%2$d;
            location / {
              proxy_pass %3$s;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
            }
          }
        }
        """
            .formatted(dir, port, upstreamUrl);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("nginx.conf"), conf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ExternalProgram p =
        ExternalProgram.start(
            "nginx",
            List.of(
                nginx.toString(),
                "-e",
                dir.resolve("error.log").toString(),
                "-p",
                dir.toString(),
                "-c",
                dir.resolve("nginx.conf").toString()),
            dir);
    await("nginx on " + port)
        .atMost(Duration.ofSeconds(20))
        .failFast("nginx exited:\n" + p.output(), () -> !p.isAlive())
        .ignoreExceptions()
        .until(
            () -> {
              try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
              }
            });
    return new Nginx(p, port);
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    program.close();
  }
}
