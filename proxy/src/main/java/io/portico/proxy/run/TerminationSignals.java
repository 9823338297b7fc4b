package io.portico.proxy.run;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a future, so that the main thread drains and exits with status 0 rather
 * than the JVM dying with 143 in a shutdown hook. A second signal while draining exits at once with
 * status 1.
 */
final class TerminationSignals {
  private TerminationSignals() {}

  static CompletionStage<Void> install() {
    CompletableFuture<Void> signalled = new CompletableFuture<>();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          signal -> {
            if (!signalled.complete(null)) {
              System.exit(1);
            }
          });
    }
    return signalled;
  }
}
