package io.portico.it.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/portico-cp run} in a work directory of its own, every port picked by the system (port
 * 0) and read back from {@code ports.json}.
 */
public final class ControlPlaneProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path workDir;
  private final Map<String, String> env;
  private RunningProgram program;
  private int httpPort;
  private int httpsPort;
  private int diagnosticsPort;
  private int dpServerPort;

  private ControlPlaneProcess(Path workDir, Map<String, String> extraEnv) {
    this.workDir = workDir;
    this.env = new HashMap<>(extraEnv);
    env.put("PORTICO_GENERAL_WORK_DIR", workDir.toString());
    env.putIfAbsent("PORTICO_API_SERVER_HTTP_PORT", "0");
    env.putIfAbsent("PORTICO_API_SERVER_HTTPS_PORT", "0");
    env.putIfAbsent("PORTICO_DIAGNOSTICS_SERVER_PORT", "0");
    env.putIfAbsent("PORTICO_DP_SERVER_PORT", "0");
  }

  /** Starts a control plane on the embedded default store (SQLite in the work directory). */
  public static ControlPlaneProcess start(Path workDir, Map<String, String> extraEnv) {
    ControlPlaneProcess cp = new ControlPlaneProcess(workDir, extraEnv);
    cp.startProcess();
    return cp;
  }

  private void startProcess() {
    Path ports = workDir.resolve("ports.json");
    try {
      Files.deleteIfExists(ports);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    program = RunningProgram.start("portico-cp", List.of("run"), env, workDir.resolve("logs"));
    await("control plane " + program + " ready")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .failFast("control plane exited:\n" + program.output(), () -> !program.isAlive())
        .until(() -> Files.exists(ports) && Files.size(ports) > 0);
    try {
      JsonNode p = JSON.readTree(ports.toFile());
      httpPort = p.path("apiHttp").asInt();
      httpsPort = p.path("apiHttps").asInt();
      diagnosticsPort = p.path("diagnostics").asInt();
      dpServerPort = p.path("dpServer").asInt(-1);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    await("control plane ready")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .failFast("control plane exited:\n" + program.output(), () -> !program.isAlive())
        .until(() -> get(diagnosticsUrl() + "/ready") == 200);
  }

  /** Starts the process again after it was stopped through {@link #program()}. */
  public void restartProcess() {
    startProcess();
  }

  /** Stops (SIGTERM) and starts again on the same work directory and store. */
  public void restart() {
    program.stop();
    startProcess();
  }

  /** Kills (SIGKILL) and starts again on the same work directory and store. */
  public void killAndRestart() {
    program.kill();
    startProcess();
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  public String apiHttpsUrl() {
    return "https://127.0.0.1:" + httpsPort;
  }

  public String diagnosticsUrl() {
    return "http://127.0.0.1:" + diagnosticsPort;
  }

  public int dpServerPort() {
    return dpServerPort;
  }

  public Path workDir() {
    return workDir;
  }

  public RunningProgram program() {
    return program;
  }

  private static int get(String url) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() {
    if (program != null) {
      program.close();
    }
  }
}
