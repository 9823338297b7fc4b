package io.portico.proxy.run;

import io.portico.proxy.ConfigSink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in runtime: accepts every config and logs a summary of it; has nothing to drain. Used
 * until the real runtime is wired in {@link ProxyRuntimeFactory#standard()}.
 */
final class LoggingProxyRuntime implements ProxyRuntime {
  private static final Logger log = LoggerFactory.getLogger(LoggingProxyRuntime.class);

  private final ProxyDescription proxy;

  LoggingProxyRuntime(ProxyDescription proxy) {
    this.proxy = proxy;
  }

  @Override
  public ConfigSink configSink() {
    return config -> {
      log.atInfo()
          .addKeyValue("mesh", proxy.mesh())
          .addKeyValue("dataplane", proxy.name())
          .addKeyValue("version", config.getVersion())
          .addKeyValue("listeners", config.getListenersCount())
          .addKeyValue("clusters", config.getClustersCount())
          .log("config received (logging runtime: nothing is served)");
      return List.of();
    };
  }

  @Override
  public CompletionStage<Void> drain() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {}
}
