package io.portico.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real curl as the client, as users try the gateway. */
public final class Curl {
  private Curl() {}

  /**
   * The outcome of one curl.
   *
   * @param exitCode curl's exit code (0, or e.g. 52 for an empty reply)
   * @param status the HTTP status, 0 when there was none
   * @param headers the response head as curl printed it (-D -)
   * @param body the body
   */
  public record Result(int exitCode, int status, String headers, String body) {}

  public static Result get(String url, String... extraArgs) {
    List<String> cmd = new ArrayList<>(List.of(ExternalProgram.locate("curl", "curl").toString()));
    cmd.addAll(List.of("-sS", "--max-time", "20", "-D", "-", "-o", "-", "-w", "\n%{http_code}"));
    cmd.addAll(List.of(extraArgs));
    cmd.add(url);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.getErrorStream().readAllBytes();
      p.waitFor(30, TimeUnit.SECONDS);
      int lastNl = out.lastIndexOf('\n');
      int status =
          Integer.parseInt(
              out.substring(lastNl + 1).trim().isEmpty() ? "0" : out.substring(lastNl + 1).trim());
      String rest = out.substring(0, Math.max(0, lastNl));
      int split = rest.indexOf("\r\n\r\n");
      String headers = split < 0 ? rest : rest.substring(0, split);
      String body = split < 0 ? "" : rest.substring(split + 4);
      return new Result(p.exitValue(), status, headers, body);
    } catch (IOException e) {
      throw new AssertionError("curl failed to run: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
