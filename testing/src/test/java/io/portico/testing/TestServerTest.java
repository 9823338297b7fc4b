package io.portico.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TestServerTest {
  private static final Pattern LISTENING = Pattern.compile("listening on (127\\.0\\.0\\.1):(\\d+)");

  private record Running(
      CompletableFuture<Integer> exit,
      CompletableFuture<Void> stop,
      StringWriter out,
      StringWriter err) {}

  private static Running run(String... args) {
    CompletableFuture<Void> stop = new CompletableFuture<>();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = TestServer.commandLine(stop);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> commandLine.execute(args));
    return new Running(exit, stop, out, err);
  }

  private static int awaitPort(Running running) {
    await().until(() -> LISTENING.matcher(running.out().toString()).find());
    Matcher matcher = LISTENING.matcher(running.out().toString());
    assertThat(matcher.find()).isTrue();
    return Integer.parseInt(matcher.group(2));
  }

  @Test
  void echoOnPortZeroPrintsTheBoundPortAndServes() throws Exception {
    Running running = run("echo", "--port", "0", "--instance", "svc-a");
    int port = awaitPort(running);

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.body()).contains("\"instance\":\"svc-a\"");

    running.stop().complete(null);
    assertThat(running.exit().get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void tcpEchoOnPortZeroPrintsTheBoundPortAndEchoes() throws Exception {
    Running running = run("tcp-echo", "--port", "0");
    int port = awaitPort(running);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write("abc".getBytes(StandardCharsets.US_ASCII));
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("abc");
    }
    running.stop().complete(null);
    assertThat(running.exit().get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void echoWithoutInstanceIsAUsageError() throws Exception {
    Running running = run("echo", "--port", "0");
    assertThat(running.exit().get(10, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(running.err().toString())
        .contains("Missing required option: '--instance=<instance>'");
  }

  @Test
  void portOutOfRangeIsAUsageError() throws Exception {
    Running running = run("tcp-echo", "--port", "70000");
    assertThat(running.exit().get(10, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(running.err().toString()).contains("--port 70000: expected a port in [0, 65535]");
  }
}
