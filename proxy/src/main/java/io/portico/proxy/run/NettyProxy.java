package io.portico.proxy.run;

import io.portico.proxy.config.ConfigSink;
import io.portico.proxy.runtime.ProxyRuntime;
import java.util.concurrent.CompletionStage;

/** The proxy that serves traffic: the Netty runtime, fed by the config stream. */
final class NettyProxy implements Proxy {
  private final ProxyRuntime runtime;

  NettyProxy(ProxyDescription proxy) {
    this.runtime = ProxyRuntime.builder().build();
  }

  @Override
  public ConfigSink configSink() {
    return runtime;
  }

  @Override
  public CompletionStage<Void> drain() {
    return runtime.drain();
  }

  @Override
  public void close() {
    runtime.close();
  }
}
