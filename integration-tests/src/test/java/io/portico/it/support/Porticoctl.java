package io.portico.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/porticoctl} as a user would, with its own config file. */
public final class Porticoctl {
  private final Path configFile;

  public Porticoctl(Path configFile) {
    this.configFile = configFile;
  }

  /** The outcome of one command. */
  public record Result(int exitCode, String stdout, String stderr) {
    public Result assertSuccess() {
      if (exitCode != 0) {
        throw new AssertionError(
            "porticoctl exited " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
      }
      return this;
    }
  }

  public Result run(String... args) {
    return runWithInput(null, args);
  }

  /** Runs with {@code stdin} (null for none). */
  public Result runWithInput(String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Repository.root().resolve("bin/porticoctl").toString());
    command.add("--config-file");
    command.add(configFile.toString());
    command.addAll(List.of(args));
    try {
      Path errFile = java.nio.file.Files.createTempFile("porticoctl-", ".err");
      Process p =
          new ProcessBuilder(command)
              .directory(Repository.root().toFile())
              .redirectError(errFile.toFile())
              .start();
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      var out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("porticoctl " + String.join(" ", args) + " hung");
      }
      String err = java.nio.file.Files.readString(errFile);
      java.nio.file.Files.deleteIfExists(errFile);
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
