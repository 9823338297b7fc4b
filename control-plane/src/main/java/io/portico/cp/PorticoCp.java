package io.portico.cp;

import io.portico.cp.config.ConfigException;
import io.portico.cp.config.ConfigLoader;
import io.portico.cp.config.CpConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code portico-cp}: the control-plane program. {@code portico-cp run [--config-file FILE]} starts
 * a control plane and runs until SIGTERM or SIGINT.
 *
 * <p>SIGTERM and SIGINT stop every component through a shutdown hook (the JVM then exits with 143
 * or 130). Exit code 1: the configuration is invalid or a component cannot start (the message says
 * which key, variable, file or port); 2: a bad command line.
 */
@Command(
    name = "portico-cp",
    mixinStandardHelpOptions = true,
    versionProvider = PorticoCp.Version.class,
    description = "Portico control plane.",
    subcommands = {PorticoCp.Run.class, CommandLine.HelpCommand.class})
public final class PorticoCp implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine(System.getenv()).execute(args));
  }

  /** The command line over an environment (injected for tests). */
  static CommandLine commandLine(Map<String, String> env) {
    return new CommandLine(new PorticoCp(), new Factory(env));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code portico-cp run}. */
  @Command(name = "run", description = "Run the control plane until stopped.")
  static final class Run implements Callable<Integer> {
    @Option(
        names = {"-c", "--config-file"},
        paramLabel = "FILE",
        description =
            "YAML configuration (keys of portico-cp.defaults.yaml); each key may be overridden"
                + " by an environment variable PORTICO_<PATH_IN_UPPER_SNAKE>.")
    Path configFile;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;

    Run(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter err = spec.commandLine().getErr();
      CpConfig config;
      try {
        config = new ConfigLoader(env).load(Optional.ofNullable(configFile));
      } catch (ConfigException e) {
        err.println("portico-cp: invalid configuration:");
        e.problems().forEach(p -> err.println("  " + p));
        err.flush();
        return 1;
      }
      ControlPlane cp;
      try {
        cp = ControlPlane.start(config, ControlPlane.Options.standard());
      } catch (RuntimeException e) {
        err.println("portico-cp: cannot start: " + e.getMessage());
        err.flush();
        return 1;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    cp.close();
                    stopped.countDown();
                  },
                  "shutdown"));
      stopped.await();
      return 0;
    }
  }

  /** Prints the version of this build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"portico-cp " + ControlPlane.version()};
    }
  }

  /** Gives commands the environment. */
  private static final class Factory implements CommandLine.IFactory {
    private final Map<String, String> env;

    Factory(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      if (cls == Run.class) {
        return cls.cast(new Run(env));
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }
}
