package io.portico.proxy.listener;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connection counters per listener name, shared by every event loop and shown by the admin server's
 * {@code /listeners}. A listener keeps its counters across configs as long as its name stays. A
 * connection looks its listener's counters up once, when accepted.
 */
public final class ListenerStats {
  private final ConcurrentMap<String, Counters> byListener = new ConcurrentHashMap<>();

  /** The counters of a listener, created on first use. */
  public Counters of(String listener) {
    return byListener.computeIfAbsent(listener, name -> new Counters());
  }

  /** Every listener's counters, by name. */
  public Map<String, Counters> snapshot() {
    return new TreeMap<>(byListener);
  }

  /** Lock-free counters of one listener. */
  public static final class Counters {
    private final LongAdder connectionsTotal = new LongAdder();
    private final LongAdder connectionsActive = new LongAdder();
    private final LongAdder connectionsOverLimit = new LongAdder();
    private final LongAdder handshakeFailures = new LongAdder();
    private final LongAdder authorizationAllowed = new LongAdder();
    private final LongAdder authorizationDenied = new LongAdder();
    private final LongAdder authorizationShadowDenied = new LongAdder();

    void connectionOpened() {
      connectionsTotal.increment();
      connectionsActive.increment();
    }

    void connectionClosed() {
      connectionsActive.decrement();
    }

    void connectionOverLimit() {
      connectionsOverLimit.increment();
    }

    void handshakeFailed() {
      handshakeFailures.increment();
    }

    void allowed() {
      authorizationAllowed.increment();
    }

    void denied() {
      authorizationDenied.increment();
    }

    void shadowDenied() {
      authorizationShadowDenied.increment();
    }

    public long connectionsTotal() {
      return connectionsTotal.sum();
    }

    public long connectionsActive() {
      return connectionsActive.sum();
    }

    public long connectionsOverLimit() {
      return connectionsOverLimit.sum();
    }

    public long handshakeFailures() {
      return handshakeFailures.sum();
    }

    public long authorizationAllowed() {
      return authorizationAllowed.sum();
    }

    /** Connections closed because the listener's authorization denied them. */
    public long authorizationDenied() {
      return authorizationDenied.sum();
    }

    /** Connections allowed by an {@code ALLOW_WITH_SHADOW_DENY} rule. */
    public long authorizationShadowDenied() {
      return authorizationShadowDenied.sum();
    }
  }
}
