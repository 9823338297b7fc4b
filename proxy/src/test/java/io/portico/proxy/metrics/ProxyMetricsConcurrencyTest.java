package io.portico.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.proxy.accesslog.AccessLogSinks;
import io.portico.proxy.api.v1.HttpListener;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.bind.BoundConfig;
import io.portico.proxy.bind.ConfigBinder;
import io.portico.proxy.config.RuntimeConfigCompiler;
import io.portico.proxy.listener.ListenerStats;
import io.portico.proxy.upstream.UpstreamStats;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ProxyMetricsConcurrencyTest {
  private static BoundConfig config(boolean withHttp) throws Exception {
    ProxyConfig.Builder config = ProxyConfig.newBuilder().setVersion(withHttp ? "with" : "without");
    if (withHttp) {
      config.addListeners(
          Listener.newBuilder()
              .setName("http")
              .setAddress("127.0.0.1")
              .setPort(0)
              .setHttp(HttpListener.newBuilder()));
    }
    return new ConfigBinder().bind(new RuntimeConfigCompiler().compile(config.build()), null);
  }

  /**
   * A connection registers its listener's meters (on an event loop) while a config that has the
   * listener is applied: both must finish. They once took the same two locks in opposite orders.
   */
  @Test
  void applyingConfigsWhileConnectionsRegisterTheirListenerNeverDeadlocks() throws Exception {
    ProxyMetrics metrics =
        new ProxyMetrics(new ListenerStats(), new UpstreamStats(), new AccessLogSinks());
    BoundConfig with = config(true);
    BoundConfig without = config(false);
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(2);
    Thread applier =
        new Thread(
            () -> {
              for (int i = 0; i < 3000 && !stop.get(); i++) {
                metrics.apply(i % 2 == 0 ? without : with);
              }
              stop.set(true);
              done.countDown();
            });
    Thread connections =
        new Thread(
            () -> {
              while (!stop.get()) {
                metrics.http("http");
              }
              done.countDown();
            });
    applier.setDaemon(true);
    connections.setDaemon(true);
    applier.start();
    connections.start();
    assertThat(done.await(60, TimeUnit.SECONDS)).as("both threads finished").isTrue();
  }
}
