package io.portico.proxy.upstream;

import io.netty.util.concurrent.Future;
import java.time.Duration;

/** The connections of one event loop to one endpoint. Used only from that event loop. */
sealed interface EndpointPool permits Http1Pool, Http2Pool {
  /** Settings of the cluster asking, applied to connections made from now on. */
  void configure(Duration connectTimeout, Duration idleTimeout);

  Future<UpstreamConnection> acquire();
}
