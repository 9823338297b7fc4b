package io.portico.cp.diagnostics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code GET /healthy} with 200 while the process runs and {@code GET /ready} with 200 when
 * the injected readiness check passes, 503 otherwise; {@code GET /metrics} with the control plane's
 * Prometheus metrics when it has them. Anything else is 404.
 */
public final class DiagnosticsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DiagnosticsServer.class);

  private final HttpServer server;
  private final ExecutorService executor;

  private DiagnosticsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds and starts the server.
   *
   * @param address where to listen; port 0 picks a free port
   * @param isReady the readiness check, called on each {@code /ready}
   */
  public static DiagnosticsServer start(InetSocketAddress address, BooleanSupplier isReady) {
    return start(address, isReady, null);
  }

  /**
   * Binds and starts the server, with the Prometheus metrics at {@code GET /metrics}.
   *
   * @param address where to listen; port 0 picks a free port
   * @param isReady the readiness check, called on each {@code /ready}
   * @param metrics the metrics in the Prometheus text format, called on each {@code /metrics};
   *     {@code null} = no metrics (404)
   */
  public static DiagnosticsServer start(
      InetSocketAddress address, BooleanSupplier isReady, Supplier<String> metrics) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address + " for diagnostics", e);
    }
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "diagnostics");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", exchange -> handle(exchange, isReady, metrics));
    server.start();
    DiagnosticsServer out = new DiagnosticsServer(server, executor);
    log.info("diagnostics listening port={}", out.port());
    return out;
  }

  private static void handle(
      HttpExchange exchange, BooleanSupplier isReady, Supplier<String> metrics) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      boolean isGet =
          exchange.getRequestMethod().equals("GET") || exchange.getRequestMethod().equals("HEAD");
      if (!isGet) {
        respond(exchange, 405, "method not allowed");
      } else if (path.equals("/metrics") && metrics != null) {
        respond(exchange, 200, metrics.get(), "text/plain; version=0.0.4; charset=utf-8");
      } else if (path.equals("/healthy")) {
        respond(exchange, 200, "ok");
      } else if (path.equals("/ready")) {
        if (isReady.getAsBoolean()) {
          respond(exchange, 200, "ready");
        } else {
          respond(exchange, 503, "not ready");
        }
      } else {
        respond(exchange, 404, "not found");
      }
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    respond(exchange, status, body + "\n", "text/plain; charset=utf-8");
  }

  private static void respond(HttpExchange exchange, int status, String body, String type)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean isHead = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, isHead ? -1 : bytes.length);
    if (!isHead) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
