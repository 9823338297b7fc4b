package io.portico.proxy.upstream;

import io.netty.util.concurrent.Future;
import java.time.Duration;

/** The connections of one event loop to one endpoint. Used only from that event loop. */
sealed interface EndpointPool permits Http1Pool, Http2Pool {
  /** Settings of the cluster asking, applied to connections made from now on. */
  void configure(Duration connectTimeout, Duration idleTimeout);

  /**
   * Lends a connection (or stream). A new connection counts against {@code cluster}'s connection
   * limit while open, and the requests waiting for it against its pending limit; beyond either the
   * future fails with {@link UpstreamOverflowException}.
   */
  Future<UpstreamConnection> acquire(UpstreamCluster cluster);

  /**
   * The endpoint was found unreachable: no connection made so far is lent again. Idle ones close
   * now, busy ones when their exchange gives them back (an HTTP/2 connection stops taking streams
   * and closes once its open streams ended).
   */
  void dropConnections();
}
