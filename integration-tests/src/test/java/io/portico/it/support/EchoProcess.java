package io.portico.it.support;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code bin/portico-testserver echo}: answers every request with JSON naming its instance. */
public final class EchoProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on [^\\s]*:(\\d+)");

  private final RunningProgram program;
  private final int port;

  private EchoProcess(RunningProgram program, int port) {
    this.program = program;
    this.port = port;
  }

  /** Starts an HTTP echo server on a free port. */
  public static EchoProcess http(String instance, Path logDir) {
    return start(List.of("echo", "--port", "0", "--instance", instance), logDir);
  }

  /**
   * Starts an HTTP echo server on a free port that answers {@code status} to plain requests until
   * {@link #answer(int)} changes it.
   */
  public static EchoProcess http(String instance, Path logDir, int status) {
    return start(
        List.of(
            "echo", "--port", "0", "--instance", instance, "--status", Integer.toString(status)),
        logDir);
  }

  /** Makes plain requests answer {@code status} from now on ({@code POST /echo/status/{code}}). */
  public void answer(int status) {
    Curl.Result r = Curl.get("http://127.0.0.1:" + port + "/echo/status/" + status, "-X", "POST");
    if (r.status() != 204) {
      throw new IllegalStateException("echo server did not take status " + status + ": " + r);
    }
  }

  /** Starts a TCP echo server on a free port. */
  public static EchoProcess tcp(Path logDir) {
    return start(List.of("tcp-echo", "--port", "0"), logDir);
  }

  private static EchoProcess start(List<String> args, Path logDir) {
    RunningProgram p = RunningProgram.start("portico-testserver", args, Map.of(), logDir);
    int[] port = new int[1];
    await("echo server " + p)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .failFast("echo server exited:\n" + p.output(), () -> !p.isAlive())
        .until(
            () -> {
              Matcher m = LISTENING.matcher(p.output());
              if (m.find()) {
                port[0] = Integer.parseInt(m.group(1));
                return true;
              }
              return false;
            });
    return new EchoProcess(p, port[0]);
  }

  public int port() {
    return port;
  }

  public RunningProgram program() {
    return program;
  }

  @Override
  public void close() {
    program.close();
  }
}
