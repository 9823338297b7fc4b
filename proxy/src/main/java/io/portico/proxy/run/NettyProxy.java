package io.portico.proxy.run;

import io.portico.proxy.config.ConfigSink;
import io.portico.proxy.runtime.ProxyRuntime;
import java.util.concurrent.CompletionStage;

/** The proxy that serves traffic: the Netty runtime, fed by the config stream. */
final class NettyProxy implements Proxy {
  private final ProxyRuntime runtime;

  NettyProxy(ProxyDescription proxy) {
    ProxyRuntime.Builder builder =
        ProxyRuntime.builder().eventLoopThreads(proxy.concurrency()).transport(proxy.transport());
    if (proxy.adminPort() > 0) {
      // Where the config will put it too (loopback, spec/core.md §2.5): no rebind on the first one.
      builder.adminAddress("127.0.0.1", proxy.adminPort());
    }
    try {
      this.runtime = builder.build();
    } catch (IllegalStateException e) {
      throw new BadInputException(
          "networking.admin.port "
              + proxy.adminPort()
              + ": cannot serve the admin API: "
              + e.getMessage(),
          e);
    }
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
