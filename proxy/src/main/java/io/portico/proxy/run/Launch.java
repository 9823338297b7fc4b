package io.portico.proxy.run;

import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What {@code portico-dp run} takes from its process, injectable so that tests run the command
 * in-process.
 *
 * @param environment the environment variables
 * @param stdin read for {@code --dataplane-file -}
 * @param shutdown completes when the process should stop (SIGTERM, SIGINT)
 * @param runtimeFactory makes the proxy runtime
 */
public record Launch(
    Map<String, String> environment,
    InputStream stdin,
    CompletionStage<?> shutdown,
    ProxyFactory runtimeFactory) {
  public Launch {
    environment = Map.copyOf(environment);
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(shutdown, "shutdown");
    Objects.requireNonNull(runtimeFactory, "runtimeFactory");
  }

  /** The real process: its environment, stdin, termination signals and the standard runtime. */
  public static Launch ofProcess() {
    return new Launch(
        System.getenv(), System.in, TerminationSignals.install(), ProxyFactory.standard());
  }
}
