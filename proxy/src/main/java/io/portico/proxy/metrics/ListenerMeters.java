package io.portico.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The request meters of one HTTP listener, registered once: Envoy's {@code downstream_rq_total},
 * {@code downstream_rq_xx} per status class and {@code downstream_rq_time}. A connection resolves
 * them when it is accepted; recording a request builds no tags and takes no lock.
 */
public final class ListenerMeters {
  private final Counter requests;
  private final Counter[] byStatusClass;
  private final Timer duration;

  ListenerMeters(Counter requests, Counter[] byStatusClass, Timer duration) {
    this.requests = requests;
    this.byStatusClass = byStatusClass.clone();
    this.duration = duration;
  }

  /** A request head arrived. */
  public void requestStarted() {
    requests.increment();
  }

  /**
   * A response was written completely.
   *
   * @param status the response status (100..599)
   * @param nanos time from the request head to the last byte of the response
   */
  public void responded(int status, long nanos) {
    int statusClass = status / 100;
    if (statusClass >= 1 && statusClass <= 5) {
      byStatusClass[statusClass - 1].increment();
    }
    duration.record(nanos, TimeUnit.NANOSECONDS);
  }
}
