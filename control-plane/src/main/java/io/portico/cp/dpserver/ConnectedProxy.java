package io.portico.cp.dpserver;

import io.portico.cp.identity.DataplaneIdentity;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.insight.DataplaneInsightSpec;
import io.portico.proxy.api.v1.ProxyConfig;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;

/**
 * What the control plane tracks of one accepted stream: which config it compiled from which inputs,
 * what it sent, what the proxy accepted and rejected, and when the insight was last written.
 * Confined to the sync thread of {@link ConfigSync}; no locks.
 */
final class ConnectedProxy {
  final ProxyStream stream;
  final Registration registration;
  final String subscriptionId = UUID.randomUUID().toString();
  final Instant connectTime;

  /** The stored Dataplane, as of the last snapshot. */
  Resource<DataplaneSpec> dataplane;

  /** The snapshot hash and dataplane version the current config was compiled from. */
  String compiledFrom = "";

  /** The compiler's output for the current inputs, without identity. */
  ProxyConfig base;

  /** The mesh identity issued to this stream (memory only); null when the mesh has no mTLS. */
  DataplaneIdentity identity;

  /** Why no identity could be issued last time, to log each reason once; empty when none. */
  String identityError = "";

  /** How many identities this stream got. */
  long certificateRegenerations;

  /** What is sent: {@link #base} with the identity attached, versioned. */
  ProxyConfig compiled;

  String lastSentVersion = "";
  String lastAckedVersion = "";
  String lastNackedVersion = "";
  String lastNackError = "";

  /** A rejected version that was already sent once more after the NACK backoff. */
  String retriedVersion = "";

  long responsesSent;
  long responsesAcknowledged;
  long responsesRejected;
  Instant lastUpdateTime;
  Instant disconnectTime;

  /** {@link System#nanoTime} of the last insight write; 0 before the first. */
  long lastFlushNanos;

  /** When the generation was last bumped ({@code System.nanoTime()}); 0 before the first tick. */
  long lastHeartbeatNanos;

  /** The subscription's generation: bumped while the stream is open. */
  long generation;

  ScheduledFuture<?> pendingFlush;
  ScheduledFuture<?> pendingRetry;

  ConnectedProxy(ProxyStream stream, Registration registration, Instant connectTime) {
    this.stream = stream;
    this.registration = registration;
    this.connectTime = connectTime;
  }

  String mesh() {
    return registration.mesh();
  }

  String name() {
    return registration.name();
  }

  /** This stream as an insight subscription. */
  DataplaneInsightSpec.Subscription subscription(String controlPlaneInstanceId) {
    return new DataplaneInsightSpec.Subscription(
        subscriptionId,
        controlPlaneInstanceId,
        connectTime,
        disconnectTime,
        new DataplaneInsightSpec.SubscriptionStatus(
            lastUpdateTime,
            new DataplaneInsightSpec.Counters(
                responsesSent, responsesAcknowledged, responsesRejected)),
        new DataplaneInsightSpec.Version(registration.build()),
        lastAckedVersion,
        lastNackedVersion,
        lastNackError,
        generation);
  }

  void cancelTimers() {
    if (pendingFlush != null) {
      pendingFlush.cancel(false);
      pendingFlush = null;
    }
    if (pendingRetry != null) {
      pendingRetry.cancel(false);
      pendingRetry = null;
    }
  }
}
