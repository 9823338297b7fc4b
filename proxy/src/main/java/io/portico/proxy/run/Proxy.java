package io.portico.proxy.run;

import io.portico.proxy.config.ConfigSink;
import java.util.concurrent.CompletionStage;

/** What {@code portico-dp run} drives: the part of the proxy that serves traffic. */
public interface Proxy extends AutoCloseable {
  /** Where the stream client hands each config. */
  ConfigSink configSink();

  /**
   * Stops accepting connections and lets in-flight requests finish ({@code connection: close},
   * GOAWAY). The run command waits for the returned stage, but never longer than {@code
   * --drain-time}.
   *
   * @return completes when nothing is in flight any more
   */
  CompletionStage<Void> drain();

  /** Closes every listener and connection now. */
  @Override
  void close();
}
