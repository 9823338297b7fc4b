package io.portico.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of our programs ({@code bin/portico-cp}, {@code bin/portico-dp}, ...) started as a real
 * process, its output going to a log file that failures print.
 */
public final class RunningProgram implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private RunningProgram(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code bin/<program> args...} with extra environment variables. */
  public static RunningProgram start(
      String program, List<String> args, Map<String, String> env, Path logDir) {
    List<String> command = new ArrayList<>();
    command.add(Repository.root().resolve("bin").resolve(program).toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(Repository.root().toFile());
    pb.environment().putAll(env);
    try {
      Files.createDirectories(logDir);
      Path log = Files.createTempFile(logDir, program + "-", ".log");
      pb.redirectErrorStream(true).redirectOutput(log.toFile());
      return new RunningProgram(program, pb.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command, e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** Everything the program printed so far. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "<could not read " + log + ": " + e + ">";
    }
  }

  /** Sends SIGTERM and waits for the exit; returns the exit code. */
  public int stop() {
    process.destroy();
    return waitFor();
  }

  /** Sends SIGKILL: no chance to flush or clean up. */
  public int kill() {
    process.toHandle().destroyForcibly();
    return waitFor();
  }

  /** Waits for the program to end by itself and returns its exit code. */
  public int waitFor() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.toHandle().destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(name + " did not exit within 60 s; output:\n" + output());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + name, e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.toHandle().destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.toHandle().destroyForcibly();
      }
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", log " + log + ")";
  }
}
