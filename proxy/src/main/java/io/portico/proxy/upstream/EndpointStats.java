package io.portico.proxy.upstream;

import java.util.concurrent.atomic.LongAdder;

/** Lock-free counters of one endpoint, shown by the admin server's {@code /clusters}. */
public final class EndpointStats {
  private final LongAdder requestsTotal = new LongAdder();
  private final LongAdder requestsActive = new LongAdder();
  private final LongAdder requestErrors = new LongAdder();
  private final LongAdder connectionsTotal = new LongAdder();
  private final LongAdder connectionsActive = new LongAdder();
  private final LongAdder connectFailures = new LongAdder();
  private final LongAdder consecutiveConnectFailures = new LongAdder();

  public void requestStarted() {
    requestsTotal.increment();
    requestsActive.increment();
  }

  public void requestFinished(boolean failed) {
    requestsActive.decrement();
    if (failed) {
      requestErrors.increment();
    }
  }

  public void connected() {
    connectionsTotal.increment();
    connectionsActive.increment();
    consecutiveConnectFailures.reset();
  }

  public void disconnected() {
    connectionsActive.decrement();
  }

  public void connectFailed() {
    connectFailures.increment();
    consecutiveConnectFailures.increment();
  }

  public long requestsTotal() {
    return requestsTotal.sum();
  }

  public long requestsActive() {
    return requestsActive.sum();
  }

  public long requestErrors() {
    return requestErrors.sum();
  }

  public long connectionsTotal() {
    return connectionsTotal.sum();
  }

  public long connectionsActive() {
    return connectionsActive.sum();
  }

  public long connectFailures() {
    return connectFailures.sum();
  }

  /**
   * Whether the endpoint looks reachable: no run of connect failures since the last success. Active
   * health checks will refine this.
   */
  public boolean isHealthy() {
    return consecutiveConnectFailures.sum() < 3;
  }
}
