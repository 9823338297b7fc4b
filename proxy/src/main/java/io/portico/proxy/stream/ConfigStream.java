package io.portico.proxy.stream;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.portico.proxy.api.v1.Ack;
import io.portico.proxy.api.v1.Hello;
import io.portico.proxy.api.v1.Nack;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.ProxyDiscoveryServiceGrpc;
import io.portico.proxy.api.v1.ProxyRequest;
import io.portico.proxy.api.v1.ProxyResponse;
import io.portico.proxy.config.ConfigSink;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's end of the config stream: sends Hello (with the dataplane token as {@code
 * authorization} metadata, no {@code Bearer} prefix, spec/core.md §6.6), hands every config to the
 * {@link ConfigSink} and answers Ack, or Nack with every error the sink returned. When the stream
 * breaks, it reconnects with {@link Backoff}; the sink is not touched, so the proxy keeps serving
 * its last good config. A refusal before the first config ever received ends the stream for good.
 *
 * <pre>
 *                 start()
 *     IDLE ─────────────────▶ CONNECTING ◀─────────────────────────────┐
 *                             │  Hello sent │                          │ timer fired
 *            first config:    │             │ UNAVAILABLE, transport   │ (delay from Backoff)
 *            apply, Ack/Nack  │             │ error, stream completed  │
 *                             ▼             └──────────────────▶ BACKOFF
 *                         STREAMING ─── any error or completion ────▲
 *                          │     ▲
 *                          └─────┘ config: apply, Ack/Nack
 *
 *     CONNECTING ── UNAUTHENTICATED | PERMISSION_DENIED | INVALID_ARGUMENT | FAILED_PRECONDITION,
 *                   no config ever received ──▶ REFUSED   (terminal; end() = Refused)
 *     any state ── close() ──▶ STOPPED                      (terminal; end() = Stopped)
 * </pre>
 *
 * A config refused only because an address is in use (the sink says {@link
 * ConfigSink#lastRefusalIsTransient}) is applied again after 1, 2, 4 ... at most 30 s and acked
 * once it applies; a newer config or the end of the stream drops it.
 *
 * <p>After a config has been received once, a refusal (e.g. a revoked token) is retried like any
 * other failure: the proxy is serving and keeps doing so while someone fixes the control plane.
 * Consecutive failures widen the backoff's window (by default 250 to 500 ms, then up to 750 ms, so
 * that the proxy is back within a second of the control plane); the first config on a stream, which
 * proves it established, narrows it again.
 */
public final class ConfigStream implements AutoCloseable {
  /** Where the stream is in its life; see the class diagram. */
  public enum State {
    IDLE,
    CONNECTING,
    STREAMING,
    BACKOFF,
    REFUSED,
    STOPPED;

    boolean isTerminal() {
      return this == REFUSED || this == STOPPED;
    }
  }

  /**
   * Refusals that end the stream when they come before any config. NOT_FOUND (a dataplane not
   * registered yet, in indirect mode) is retried, as kuma-dp retries an empty 404: someone may be
   * about to create it.
   */
  static final Set<Status.Code> PERMANENT_REFUSALS =
      EnumSet.of(
          Status.Code.UNAUTHENTICATED,
          Status.Code.PERMISSION_DENIED,
          Status.Code.INVALID_ARGUMENT,
          Status.Code.FAILED_PRECONDITION);

  private static final Logger log = LoggerFactory.getLogger(ConfigStream.class);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Supplier<ManagedChannel> channels;
  private final Hello hello;
  private final ConfigSink sink;
  private final Backoff backoff;
  private final RandomGenerator random;
  private final ReconnectTimer timer;
  private final ScheduledExecutorService streamThread;
  private final Metadata metadata = new Metadata();
  private final CompletableFuture<StreamEnd> end = new CompletableFuture<>();

  private volatile State state = State.IDLE;
  // Confined to the stream thread:
  private Attempt current;
  private ManagedChannel channel;
  private int consecutiveFailures;
  private boolean configEverReceived;
  private volatile long attempts;

  /**
   * A stream with the default backoff, reconnecting on its own thread.
   *
   * @param channels opens a channel to the control plane; called once per attempt, the stream shuts
   *     each down when done with it
   * @param token the dataplane token, or empty to send none
   */
  public ConfigStream(
      Supplier<ManagedChannel> channels, Hello hello, String token, ConfigSink sink) {
    this(channels, hello, token, sink, Backoff.DEFAULT, new SplittableRandom(), null);
  }

  /**
   * A stream with the given backoff, jitter source and timer ({@code null} = the stream thread's
   * own scheduler).
   */
  public ConfigStream(
      Supplier<ManagedChannel> channels,
      Hello hello,
      String token,
      ConfigSink sink,
      Backoff backoff,
      RandomGenerator random,
      ReconnectTimer timer) {
    this.channels = Objects.requireNonNull(channels, "channels");
    this.hello = Objects.requireNonNull(hello, "hello");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.random = Objects.requireNonNull(random, "random");
    Objects.requireNonNull(token, "token");
    this.streamThread =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "portico-dp-stream");
              thread.setDaemon(true);
              return thread;
            });
    this.timer =
        timer != null
            ? timer
            : (delay, task) -> streamThread.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    if (!token.isEmpty()) {
      metadata.put(AUTHORIZATION, token);
    }
  }

  /** Opens the first stream. */
  public void start() {
    streamThread.execute(
        () -> {
          if (state == State.IDLE) {
            connect();
          }
        });
  }

  /** The current state (a snapshot; it may change right after). */
  public State state() {
    return state;
  }

  /** Completes once the stream ended for good: closed, or refused by the control plane. */
  public CompletionStage<StreamEnd> end() {
    return end;
  }

  /** Stream attempts made so far (the first connect included). */
  public long attempts() {
    return attempts;
  }

  /** Cancels the stream (the control plane sees the proxy go away) and stops reconnecting. */
  @Override
  public void close() {
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    try {
      streamThread.execute(
          () -> {
            stop();
            stopped.complete(null);
          });
      stopped.get(5, TimeUnit.SECONDS);
    } catch (RejectedExecutionException e) {
      // already closed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.atWarn()
          .addKeyValue("mesh", hello.getMesh())
          .addKeyValue("dataplane", hello.getName())
          .log("the stream thread did not stop in 5 s; closing anyway");
    }
    streamThread.shutdownNow();
    end.complete(new StreamEnd.Stopped());
  }

  private void stop() {
    if (!state.isTerminal()) {
      state = State.STOPPED;
      if (current != null) {
        current.cancel("proxy shutting down");
      }
      closeChannel();
      end.complete(new StreamEnd.Stopped());
    }
  }

  private void closeChannel() {
    if (channel != null) {
      channel.shutdownNow();
      channel = null;
    }
  }

  private void connect() {
    if (state.isTerminal()) {
      return;
    }
    attempts++;
    state = State.CONNECTING;
    // A fresh channel per attempt: a used one would answer with its cached failure until its own
    // (slower) backoff expires.
    closeChannel();
    channel = channels.get();
    Attempt attempt = new Attempt();
    current = attempt;
    log.atDebug()
        .addKeyValue("mesh", hello.getMesh())
        .addKeyValue("dataplane", hello.getName())
        .addKeyValue("attempt", attempts)
        .log("opening the config stream");
    ProxyDiscoveryServiceGrpc.newStub(channel)
        .withExecutor(streamThread)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
        .streamConfig(attempt);
    attempt.send(ProxyRequest.newBuilder().setHello(hello).build());
  }

  private void onConfig(Attempt attempt, ProxyConfig config) {
    if (!attempt.configReceived) {
      attempt.configReceived = true;
      configEverReceived = true;
      consecutiveFailures = 0;
      state = State.STREAMING;
      log.atInfo()
          .addKeyValue("mesh", hello.getMesh())
          .addKeyValue("dataplane", hello.getName())
          .log("connected to the control plane");
    }
    applyAndAnswer(attempt, config, 0);
  }

  /**
   * Applies a config and answers Ack, or Nack with every error; a config refused only for addresses
   * in use is applied again later ({@link #scheduleReapply}), Nacked only the first time.
   *
   * @param reapplies how many times this config was applied again already
   */
  private void applyAndAnswer(Attempt attempt, ProxyConfig config, int reapplies) {
    attempt.pendingReapply = null;
    List<String> errors = apply(config);
    if (errors.isEmpty()) {
      attempt.send(
          ProxyRequest.newBuilder()
              .setAck(Ack.newBuilder().setVersion(config.getVersion()))
              .build());
      log.atInfo()
          .addKeyValue("mesh", hello.getMesh())
          .addKeyValue("dataplane", hello.getName())
          .addKeyValue("version", config.getVersion())
          .addKeyValue("reapplies", reapplies)
          .log("config applied");
      return;
    }
    boolean isTransient = sink.lastRefusalIsTransient();
    if (reapplies == 0 || !isTransient) {
      attempt.send(
          ProxyRequest.newBuilder()
              .setNack(Nack.newBuilder().setVersion(config.getVersion()).addAllErrors(errors))
              .build());
      log.atWarn()
          .addKeyValue("mesh", hello.getMesh())
          .addKeyValue("dataplane", hello.getName())
          .addKeyValue("version", config.getVersion())
          .addKeyValue("errors", errors)
          .log("config rejected; the last good config keeps serving");
    }
    if (isTransient) {
      scheduleReapply(attempt, config, reapplies);
    }
  }

  /**
   * Applies a config refused only for addresses in use again after {@link #reapplyDelay}, until it
   * applies (then Ack), the stream ends or a newer config arrives (both drop it).
   */
  private void scheduleReapply(Attempt attempt, ProxyConfig config, int reapplies) {
    attempt.pendingReapply = config;
    Duration delay = reapplyDelay(reapplies);
    log.atInfo()
        .addKeyValue("mesh", hello.getMesh())
        .addKeyValue("dataplane", hello.getName())
        .addKeyValue("version", config.getVersion())
        .addKeyValue("retryIn", delay)
        .log("an address of the config is in use; applying it again later");
    timer.schedule(
        delay,
        () ->
            executeOnStreamThread(
                () -> {
                  if (attempt.isLive() && attempt.pendingReapply == config) {
                    applyAndAnswer(attempt, config, reapplies + 1);
                  }
                }));
  }

  /** 1 s, 2 s, 4 s, ... at most 30 s: a port freed by a draining process is taken soon after. */
  static Duration reapplyDelay(int retries) {
    return Duration.ofSeconds(Math.min(30L, 1L << Math.min(retries, 5)));
  }

  private List<String> apply(ProxyConfig config) {
    try {
      List<String> errors = sink.apply(config);
      return errors == null ? List.of() : errors;
    } catch (RuntimeException e) {
      // The sink reports problems as errors; an exception is a bug in it. NACK rather than die.
      return List.of("internal error applying config version " + config.getVersion() + ": " + e);
    }
  }

  private void onStreamEnded(Attempt attempt, Status status) {
    closeChannel();
    if (!configEverReceived && PERMANENT_REFUSALS.contains(status.getCode())) {
      state = State.REFUSED;
      String message = status.getDescription() == null ? "" : status.getDescription();
      end.complete(new StreamEnd.Refused(status.getCode(), message));
      return;
    }
    Duration delay = backoff.delay(consecutiveFailures, random);
    boolean firstFailureInARow = consecutiveFailures == 0;
    consecutiveFailures++;
    boolean wasStreaming = state == State.STREAMING;
    state = State.BACKOFF;
    // A refusal needs someone to act; the first failure of a series is worth a warning; the
    // retries after it are noise unless debugging.
    boolean refused = PERMANENT_REFUSALS.contains(status.getCode());
    var event = refused ? log.atError() : firstFailureInARow ? log.atWarn() : log.atDebug();
    event
        .addKeyValue("mesh", hello.getMesh())
        .addKeyValue("dataplane", hello.getName())
        .addKeyValue("status", status.getCode())
        .addKeyValue("reason", reason(status))
        .addKeyValue("retryIn", delay)
        .log(
            refused
                ? "the control plane refused the proxy; serving the last config and retrying"
                : wasStreaming
                    ? "lost the control plane; serving the last config and reconnecting"
                    : "cannot reach the control plane; retrying");
    timer.schedule(delay, () -> executeOnStreamThread(this::connect));
  }

  /** The status description and the innermost cause (e.g. "io exception: Connection refused"). */
  private static String reason(Status status) {
    Throwable cause = status.getCause();
    if (cause == null) {
      return status.getDescription() == null ? "" : status.getDescription();
    }
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String detail =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return status.getDescription() == null ? detail : status.getDescription() + ": " + detail;
  }

  private void executeOnStreamThread(Runnable task) {
    try {
      streamThread.execute(task);
    } catch (RejectedExecutionException e) {
      // closed meanwhile: nothing to reconnect
    }
  }

  /** One stream; callbacks arrive on the stream thread (the stub's executor). */
  private final class Attempt implements ClientResponseObserver<ProxyRequest, ProxyResponse> {
    private ClientCallStreamObserver<ProxyRequest> requests;
    private boolean configReceived;
    private boolean ended;
    // A config refused for addresses in use, to apply again; null when none (stream thread only).
    private ProxyConfig pendingReapply;

    @Override
    public void beforeStart(ClientCallStreamObserver<ProxyRequest> requestStream) {
      this.requests = requestStream;
    }

    void send(ProxyRequest request) {
      if (!ended) {
        requests.onNext(request);
      }
    }

    void cancel(String reason) {
      if (!ended) {
        ended = true;
        requests.cancel(reason, null);
      }
    }

    private boolean isLive() {
      return current == this && !ended && !state.isTerminal();
    }

    @Override
    public void onNext(ProxyResponse response) {
      if (!isLive()) {
        return;
      }
      try {
        onConfig(this, response.getConfig());
      } catch (Exception e) {
        // Top of the stream thread: a failure here must not kill the stream silently.
        log.atError()
            .addKeyValue("mesh", hello.getMesh())
            .addKeyValue("dataplane", hello.getName())
            .setCause(e)
            .log("config handling failed; restarting the stream");
        cancel("config handling failed");
        onStreamEnded(this, Status.INTERNAL.withDescription(e.toString()));
      }
    }

    @Override
    public void onError(Throwable t) {
      if (!isLive()) {
        return;
      }
      ended = true;
      onStreamEnded(this, Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      if (!isLive()) {
        return;
      }
      ended = true;
      onStreamEnded(
          this, Status.UNAVAILABLE.withDescription("the control plane closed the stream"));
    }
  }
}
