package io.portico.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portico.it.support.Curl;
import io.portico.it.support.FreePorts;
import io.portico.it.support.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, {@code bin/portico-demo}: it starts a control plane on the embedded
 * default, an echo service with its sidecar and the seed's builtin gateway, prints the curl to try,
 * the curl works, and Ctrl-C (SIGINT) stops every process it started.
 */
class MainJobIT {
  @TempDir Path dir;

  @Test
  void theDemoServesTheSeedsGatewayAndStopsEverythingOnCtrlC() throws Exception {
    int gatewayPort = FreePorts.next();
    Path out = dir.resolve("demo.out");
    ProcessBuilder pb =
        new ProcessBuilder(Repository.root().resolve("bin/portico-demo").toString())
            .directory(Repository.root().toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    pb.environment().put("PORTICO_DEMO_DIR", dir.resolve("work").toString());
    pb.environment().put("PORTICO_DEMO_GATEWAY_PORT", "" + gatewayPort);
    pb.environment().put("PORTICO_DEMO_APP_PORT", "" + FreePorts.next());
    pb.environment().put("PORTICO_DEMO_SIDECAR_PORT", "" + FreePorts.next());
    pb.environment().put("PORTICO_DEMO_SIDECAR_ADMIN_PORT", "" + FreePorts.next());
    pb.environment()
        .put(
            "PORTICO_DEMO_CP_PORTS",
            FreePorts.next()
                + " "
                + FreePorts.next()
                + " "
                + FreePorts.next()
                + " "
                + FreePorts.next());
    Process demo = pb.start();
    try {
      await("the demo prints what to try")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .failFast("the demo exited:\n" + read(out), () -> !demo.isAlive())
          .until(() -> read(out).contains("Ctrl-C stops everything."));
      String printed = read(out);
      assertThat(printed)
          .contains("curl -i -H 'Host: foo.example.com' http://127.0.0.1:" + gatewayPort + "/");

      Curl.Result r =
          Curl.get("http://127.0.0.1:" + gatewayPort + "/", "-H", "Host: foo.example.com");
      assertThat(r.status()).as(printed).isEqualTo(200);
      assertThat(r.body()).contains("\"instance\":\"demo-app-1\"");

      List<ProcessHandle> started = demo.toHandle().descendants().toList();
      assertThat(started).hasSizeGreaterThanOrEqualTo(4);

      new ProcessBuilder("kill", "-INT", String.valueOf(demo.pid())).start().waitFor();
      assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as(read(out)).isTrue();
      assertThat(demo.exitValue()).isZero();
      await("every process the demo started is gone")
          .atMost(Duration.ofSeconds(30))
          .until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
      assertThat(read(out)).contains("portico-demo: stopped");
    } finally {
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
