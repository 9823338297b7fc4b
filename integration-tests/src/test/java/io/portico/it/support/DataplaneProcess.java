package io.portico.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code bin/portico-dp run} as the seed runs {@code kuma-dp run}: a dataplane file, a token file,
 * the control plane's DP server address, and its CA.
 */
public final class DataplaneProcess implements AutoCloseable {
  private final RunningProgram program;
  private final int adminPort;

  private DataplaneProcess(RunningProgram program, int adminPort) {
    this.program = program;
    this.adminPort = adminPort;
  }

  /**
   * Starts a proxy for the dataplane in {@code dataplaneYaml} (registered from the file) and waits
   * until it serves its first config.
   *
   * @param adminPort the dataplane's admin port ({@code networking.admin.port}, else 9901)
   */
  public static DataplaneProcess start(
      ControlPlaneProcess cp,
      String name,
      String dataplaneYaml,
      String token,
      int adminPort,
      Path dir) {
    DataplaneProcess dp = launch(cp, name, dataplaneYaml, token, adminPort, dir, List.of());
    dp.awaitReady();
    return dp;
  }

  /**
   * Starts the sidecar of a service in mesh {@code default}: a dataplane named {@code name} with
   * one inbound on a free port forwarding to {@code servicePort}, its admin on a free port.
   */
  public static DataplaneProcess sidecar(
      ControlPlaneProcess cp,
      MeshApi api,
      Path dir,
      String name,
      String service,
      String protocol,
      int servicePort) {
    int admin = FreePorts.next();
    String yaml = sidecarYaml(name, admin, FreePorts.next(), servicePort, service, protocol);
    return start(cp, name, yaml, api.dataplaneToken("default", name), admin, dir.resolve(name));
  }

  /** A dataplane of mesh {@code default} on 127.0.0.1 with one inbound. */
  public static String sidecarYaml(
      String name, int admin, int inboundPort, int servicePort, String service, String protocol) {
    return """
        type: Dataplane
        mesh: default
        name: %s
        networking:
          address: 127.0.0.1
          admin: {port: %d}
          inbound:
            - port: %d
              servicePort: %d
              tags: {kuma.io/service: %s, kuma.io/protocol: %s}
        """
        .formatted(name, admin, inboundPort, servicePort, service, protocol);
  }

  /**
   * Starts a builtin gateway of mesh {@code default}: a dataplane named {@code name} with gateway
   * tags {@code kuma.io/service: <service>} on 127.0.0.1, its admin on a free port.
   */
  public static DataplaneProcess builtinGateway(
      ControlPlaneProcess cp, MeshApi api, Path dir, String name, String service) {
    int admin = FreePorts.next();
    String yaml =
        """
        type: Dataplane
        mesh: default
        name: %s
        networking:
          address: 127.0.0.1
          admin: {port: %d}
          gateway:
            type: BUILTIN
            tags: {kuma.io/service: %s}
        """
            .formatted(name, admin, service);
    return start(cp, name, yaml, api.dataplaneToken("default", name), admin, dir.resolve(name));
  }

  /** Starts a proxy without waiting: for refusals and bad input. */
  public static DataplaneProcess launch(
      ControlPlaneProcess cp,
      String name,
      String dataplaneYaml,
      String token,
      int adminPort,
      Path dir,
      List<String> extraArgs) {
    try {
      Files.createDirectories(dir);
      Path dataplaneFile = dir.resolve(name + ".yaml");
      Path tokenFile = dir.resolve(name + ".token");
      Files.writeString(dataplaneFile, dataplaneYaml);
      Files.writeString(tokenFile, token);
      List<String> args =
          new java.util.ArrayList<>(
              List.of(
                  "run",
                  "--cp-address=https://localhost:" + cp.dpServerPort() + "/",
                  "--dns-enabled=false",
                  "--ca-cert-file=" + cp.workDir().resolve("portico-cp.crt"),
                  "--dataplane-token-file=" + tokenFile,
                  "--dataplane-file=" + dataplaneFile,
                  "--drain-time=2s"));
      args.addAll(extraArgs);
      return new DataplaneProcess(
          RunningProgram.start("portico-dp", args, Map.of(), dir.resolve("logs")), adminPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the proxy has applied a config ({@code /ready} answers 200). */
  public void awaitReady() {
    try {
      await("proxy " + program + " ready")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .failFast("proxy exited:\n" + program.output(), () -> !program.isAlive())
          .until(() -> admin("/ready").statusCode() == 200);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          e.getMessage()
              + "\nits output:\n"
              + program.output()
              + "\n/ready: "
              + admin("/ready").body(),
          e);
    }
  }

  /** GET on the proxy's admin server. */
  public HttpResponse<String> admin(String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return new FailedResponse(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public RunningProgram program() {
    return program;
  }

  @Override
  public void close() {
    program.close();
  }

  /** A response standing for "could not connect". */
  private record FailedResponse(IOException cause) implements HttpResponse<String> {
    @Override
    public int statusCode() {
      return -1;
    }

    @Override
    public HttpRequest request() {
      return null;
    }

    @Override
    public java.util.Optional<HttpResponse<String>> previousResponse() {
      return java.util.Optional.empty();
    }

    @Override
    public java.net.http.HttpHeaders headers() {
      return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true);
    }

    @Override
    public String body() {
      return cause.toString();
    }

    @Override
    public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
      return java.util.Optional.empty();
    }

    @Override
    public URI uri() {
      return null;
    }

    @Override
    public HttpClient.Version version() {
      return HttpClient.Version.HTTP_1_1;
    }
  }
}
