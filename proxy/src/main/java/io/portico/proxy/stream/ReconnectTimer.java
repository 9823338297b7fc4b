package io.portico.proxy.stream;

import java.time.Duration;

/**
 * Runs a reconnect attempt after a delay. Production uses the stream thread's scheduler; tests
 * inject one they trigger by hand, so no test sleeps.
 */
@FunctionalInterface
public interface ReconnectTimer {
  /** Runs {@code task} once, {@code delay} from now, on any thread. */
  void schedule(Duration delay, Runnable task);
}
