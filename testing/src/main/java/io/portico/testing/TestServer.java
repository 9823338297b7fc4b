package io.portico.testing;

import io.portico.testing.echo.EchoServer;
import io.portico.testing.echo.TcpEchoServer;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The test server program ({@code bin/portico-testserver}): echo upstreams for end-to-end tests.
 *
 * <pre>
 * portico-testserver echo --port 0 --instance backend-1 [--address 127.0.0.1]
 * portico-testserver tcp-echo --port 0 [--address 127.0.0.1]
 * </pre>
 *
 * Each prints {@code listening on <address>:<port>} on stdout once bound (the real port when
 * started with port 0), then serves until the process is terminated.
 */
@Command(
    name = "portico-testserver",
    mixinStandardHelpOptions = true,
    description = "Echo upstreams for Portico tests.",
    subcommands = {TestServer.Echo.class, TestServer.TcpEcho.class})
public final class TestServer {
  private final Future<?> stop;

  private TestServer(Future<?> stop) {
    this.stop = stop;
  }

  public static void main(String[] args) {
    System.setProperty("logback.configurationFile", "portico-testserver-logback.xml");
    System.exit(commandLine(new CompletableFuture<>()).execute(args));
  }

  /**
   * The command line, for running in-process: a server command returns once {@code stop} completes.
   */
  public static CommandLine commandLine(Future<?> stop) {
    TestServer server = new TestServer(stop);
    return new CommandLine(
        server,
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> type) throws Exception {
            if (type == Echo.class) {
              return type.cast(new Echo(server));
            }
            if (type == TcpEcho.class) {
              return type.cast(new TcpEcho(server));
            }
            return CommandLine.defaultFactory().create(type);
          }
        });
  }

  private void awaitStop() throws Exception {
    try {
      stop.get();
    } catch (CancellationException e) {
      // a cancelled stop signal stops the server too
    }
  }

  private static InetSocketAddress bindAddress(CommandSpec spec, String address, int port) {
    if (port < 0 || port > 65535) {
      throw new ParameterException(
          spec.commandLine(), "--port " + port + ": expected a port in [0, 65535]");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(address), port);
    } catch (UnknownHostException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--address \"" + address + "\": expected an IP address or a resolvable name");
    }
  }

  @Command(
      name = "echo",
      mixinStandardHelpOptions = true,
      description = "HTTP echo server (HTTP/1.1 and h2c).")
  static final class Echo implements Callable<Integer> {
    private final TestServer server;

    @Spec CommandSpec spec;

    @Option(
        names = "--port",
        required = true,
        description = "Port to listen on; 0 = any free port.")
    int port;

    @Option(names = "--instance", required = true, description = "Name reported as \"instance\".")
    String instance;

    @Option(
        names = "--address",
        defaultValue = "127.0.0.1",
        description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String address;

    @Option(
        names = "--status",
        defaultValue = "200",
        description =
            "Status of plain requests until POST /echo/status/{code} changes it (default:"
                + " ${DEFAULT-VALUE}).")
    int status;

    Echo(TestServer server) {
      this.server = server;
    }

    @Override
    public Integer call() throws Exception {
      if (status < 200 || status > 599) {
        throw new ParameterException(
            spec.commandLine(), "--status " + status + ": expected a status in [200, 599]");
      }
      try (EchoServer echo = EchoServer.start(instance, bindAddress(spec, address, port), status)) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("listening on " + echo.hostAndPort());
        out.flush();
        server.awaitStop();
      }
      return 0;
    }
  }

  @Command(name = "tcp-echo", mixinStandardHelpOptions = true, description = "TCP echo server.")
  static final class TcpEcho implements Callable<Integer> {
    private final TestServer server;

    @Spec CommandSpec spec;

    @Option(
        names = "--port",
        required = true,
        description = "Port to listen on; 0 = any free port.")
    int port;

    @Option(
        names = "--address",
        defaultValue = "127.0.0.1",
        description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String address;

    TcpEcho(TestServer server) {
      this.server = server;
    }

    @Override
    public Integer call() throws Exception {
      try (TcpEchoServer echo = TcpEchoServer.start(bindAddress(spec, address, port))) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("listening on " + echo.hostAndPort());
        out.flush();
        server.awaitStop();
      }
      return 0;
    }
  }
}
