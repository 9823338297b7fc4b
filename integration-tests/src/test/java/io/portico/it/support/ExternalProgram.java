package io.portico.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real peer program (nginx, redis-server) started by a test on its own port, stopped with it. A
 * missing program fails the test with the package to install, never skips it.
 */
public final class ExternalProgram implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final String name;

  private ExternalProgram(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Finds an executable in the usual places. */
  public static Path locate(String executable, String debianPackage) {
    for (String dir : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
      Path p = Path.of(dir, executable);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new AssertionError(
        executable
            + " is not installed: install the Debian package "
            + debianPackage
            + " (.ci/run does it with apt-get)");
  }

  public static ExternalProgram start(String name, List<String> command, Path workDir) {
    try {
      Files.createDirectories(workDir);
      Path log = workDir.resolve(name + ".out");
      Process p =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new ExternalProgram(name, p, log);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command, e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "<" + e + ">";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }
}
