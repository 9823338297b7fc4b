package io.portico.cp.dpserver;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.portico.cp.store.StoreException;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.ProxyRequest;
import io.portico.proxy.api.v1.ProxyResponse;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxy's config stream, as the control plane runs it.
 *
 * <pre>
 *                  Hello            accepted by StreamHandshake, registered by ConfigSync
 *  AWAITING_HELLO ───────▶ HANDSHAKE ──────────────────────────────────────────▶ CONNECTED ◀───┐
 *        │                    │                                                    │  │         │ Ack / Nack: counted,
 *        │ other message:     │ refused: UNAUTHENTICATED | PERMISSION_DENIED |     │  └─────────┘ written to the insight;
 *        │ INVALID_ARGUMENT   │ INVALID_ARGUMENT | NOT_FOUND                       │              new snapshot: compile,
 *        ▼                    ▼                                                    │              send if the version differs
 *      CLOSED ◀───────────────┴────────────────────────────────────────────────────┘
 *              the proxy cancels or half-closes; its dataplane or mesh is deleted (NOT_FOUND);
 *              a second Hello (INVALID_ARGUMENT); the control plane stops (UNAVAILABLE)
 * </pre>
 *
 * On leaving CONNECTED the subscription gets its disconnect time; a dataplane the proxy registered
 * itself (direct mode) is deleted, unless the control plane is stopping or another stream for the
 * same dataplane is live (spec/core.md §6.8).
 *
 * <p>Threads: gRPC calls {@link #onNext}, {@link #onError} and {@link #onCompleted} one at a time;
 * the handshake runs there. Once handed to {@link ConfigSync}, every message to the proxy is sent
 * from the sync thread only.
 */
final class ProxyStream implements StreamObserver<ProxyRequest> {
  enum State {
    AWAITING_HELLO,
    HANDSHAKE,
    CONNECTED,
    CLOSED
  }

  private static final Logger log = LoggerFactory.getLogger(ProxyStream.class);

  private final ServerCallStreamObserver<ProxyResponse> responses;
  private final List<String> authorization;
  private final StreamHandshake handshake;
  private final ConfigSync sync;
  private final String peer;
  private volatile State state = State.AWAITING_HELLO;
  private volatile String mesh = "";
  private volatile String dataplane = "";

  ProxyStream(
      ServerCallStreamObserver<ProxyResponse> responses,
      List<String> authorization,
      StreamHandshake handshake,
      ConfigSync sync,
      String peer) {
    this.responses = responses;
    this.authorization = List.copyOf(authorization);
    this.handshake = handshake;
    this.sync = sync;
    this.peer = peer;
    responses.setOnCancelHandler(() -> sync.disconnect(this, "the proxy cancelled the stream"));
  }

  State state() {
    return state;
  }

  @Override
  public void onNext(ProxyRequest request) {
    switch (state) {
      case AWAITING_HELLO -> onFirstMessage(request);
      case HANDSHAKE, CONNECTED -> {
        switch (request.getKindCase()) {
          case ACK -> sync.onAck(this, request.getAck());
          case NACK -> sync.onNack(this, request.getNack());
          case HELLO ->
              sync.end(
                  this,
                  Status.INVALID_ARGUMENT.withDescription(
                      "a Hello was already received on this stream: open a new stream to change"
                          + " the dataplane"));
          case KIND_NOT_SET ->
              log.debug("empty message ignored mesh={} dataplane={}", mesh, dataplane);
        }
      }
      case CLOSED -> log.debug("message after close ignored mesh={} dataplane={}", mesh, dataplane);
    }
  }

  private void onFirstMessage(ProxyRequest request) {
    if (!request.hasHello()) {
      refuse(
          StreamRefusal.invalidArgument(
              "expected a Hello as the first message but got "
                  + request.getKindCase().name().toLowerCase(Locale.ROOT)));
      return;
    }
    mesh = request.getHello().getMesh();
    dataplane = request.getHello().getName();
    state = State.HANDSHAKE;
    Registration registration;
    try {
      registration = handshake.accept(request.getHello(), authorization);
    } catch (StreamRefusal e) {
      refuse(e);
      return;
    } catch (StoreException e) {
      log.warn(
          "proxy not accepted, store unavailable mesh={} dataplane={} reason={}",
          mesh,
          dataplane,
          e.getMessage());
      fail(Status.UNAVAILABLE.withDescription("control plane store unavailable, retry later"));
      return;
    }
    sync.register(this, registration);
  }

  /** Ends the stream with a refusal, logged with the dataplane it was for. */
  void refuse(StreamRefusal refusal) {
    // NOT_FOUND is routine (a proxy started before its dataplane was created retries); the rest
    // means a token or a Dataplane file must be fixed.
    if (refusal.status().getCode() == Status.Code.NOT_FOUND) {
      log.info(
          "proxy refused mesh={} dataplane={} peer={} status={} reason=\"{}\"",
          mesh,
          dataplane,
          peer,
          refusal.status().getCode(),
          refusal.status().getDescription());
    } else {
      log.warn(
          "proxy refused mesh={} dataplane={} peer={} status={} reason=\"{}\"",
          mesh,
          dataplane,
          peer,
          refusal.status().getCode(),
          refusal.status().getDescription());
    }
    fail(refusal.status());
  }

  @Override
  public void onError(Throwable t) {
    sync.disconnect(this, "the stream failed: " + Status.fromThrowable(t));
  }

  @Override
  public void onCompleted() {
    sync.disconnect(this, "the proxy closed the stream");
  }

  // ---------------------------------------------------------------- called on the sync thread

  /** HANDSHAKE → CONNECTED; false when the stream was closed meanwhile. */
  synchronized boolean connected() {
    if (state != State.HANDSHAKE) {
      return false;
    }
    state = State.CONNECTED;
    return true;
  }

  /**
   * Sends a config.
   *
   * @return false when the stream is already gone
   */
  boolean send(ProxyConfig config) {
    if (state == State.CLOSED || responses.isCancelled()) {
      return false;
    }
    try {
      responses.onNext(ProxyResponse.newBuilder().setConfig(config).build());
      return true;
    } catch (StatusRuntimeException | IllegalStateException e) {
      log.debug("config not sent, stream gone mesh={} dataplane={}", mesh, dataplane);
      return false;
    }
  }

  /** Ends the stream with an error status (idempotent). */
  void fail(Status status) {
    if (markClosed()) {
      try {
        responses.onError(status.asRuntimeException());
      } catch (StatusRuntimeException | IllegalStateException e) {
        log.debug("stream already closed mesh={} dataplane={}", mesh, dataplane);
      }
    }
  }

  /** Ends the stream normally (idempotent). */
  void complete() {
    if (markClosed()) {
      try {
        responses.onCompleted();
      } catch (StatusRuntimeException | IllegalStateException e) {
        log.debug("stream already closed mesh={} dataplane={}", mesh, dataplane);
      }
    }
  }

  /** Marks the stream closed; true for the first caller. */
  private synchronized boolean markClosed() {
    if (state == State.CLOSED) {
      return false;
    }
    state = State.CLOSED;
    return true;
  }

  String peer() {
    return peer;
  }
}
