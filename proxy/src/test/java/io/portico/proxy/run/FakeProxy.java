package io.portico.proxy.run;

import io.portico.proxy.config.ConfigSink;
import io.portico.proxy.stream.FakeConfigSink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A runtime stand-in whose drain the test completes (or never completes). */
final class FakeProxy implements Proxy {
  final FakeConfigSink sink = new FakeConfigSink();

  /** Completed at once unless a test holds the drain with {@link #holdDrain()}. */
  volatile CompletableFuture<Void> drained = CompletableFuture.completedFuture(null);

  volatile ProxyDescription proxy;
  volatile boolean drainStarted;
  volatile boolean closed;

  /** Makes drain() return a stage that completes only when the test completes {@link #drained}. */
  void holdDrain() {
    drained = new CompletableFuture<>();
  }

  ProxyFactory factory() {
    return description -> {
      proxy = description;
      return this;
    };
  }

  @Override
  public ConfigSink configSink() {
    return sink;
  }

  @Override
  public CompletionStage<Void> drain() {
    drainStarted = true;
    return drained;
  }

  @Override
  public void close() {
    closed = true;
  }
}
