package io.portico.testing.controlplane;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.portico.proxy.api.v1.Ack;
import io.portico.proxy.api.v1.Hello;
import io.portico.proxy.api.v1.Nack;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.ProxyDiscoveryServiceGrpc;
import io.portico.proxy.api.v1.ProxyRequest;
import io.portico.proxy.api.v1.ProxyResponse;
import io.portico.testing.pki.IssuedCertificate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * An in-JVM control plane on a loopback port, for proxy tests.
 *
 * <p>Behaviour: every stream's first message must be a Hello; it is recorded with the stream's
 * {@code authorization} metadata, then the stream is either refused (when {@link #refuseWith} is
 * set: the status ends the stream, as the real control plane does after authentication fails) or
 * accepted and sent the current config, if one was {@linkplain #push pushed}. Acks and Nacks are
 * recorded. {@link #stop()} and {@link #restart()} simulate a control-plane outage on the same
 * port; records survive restarts.
 *
 * <pre>{@code
 * try (FakeControlPlane cp = FakeControlPlane.startTls(pki.issueServer(List.of("localhost"), List.of("127.0.0.1")))) {
 *   cp.push(config);
 *   // start the proxy against https://localhost:<cp.port()>
 *   await().until(() -> cp.acks().size() == 1);
 * }
 * }</pre>
 */
public final class FakeControlPlane implements AutoCloseable {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<List<String>> AUTHORIZATION_VALUES =
      Context.key("authorization");

  private final SslContext sslContext;
  private final Set<Stream> openStreams = ConcurrentHashMap.newKeySet();
  private final List<ConnectedProxy> connected = new CopyOnWriteArrayList<>();
  private final List<Ack> acks = new CopyOnWriteArrayList<>();
  private final List<Nack> nacks = new CopyOnWriteArrayList<>();
  private final AtomicInteger streamCount = new AtomicInteger();
  private volatile ProxyConfig current;
  private volatile Status refusal;
  private int port;
  private Server server;

  private FakeControlPlane(SslContext sslContext) {
    this.sslContext = sslContext;
  }

  /** A plaintext control plane on a free loopback port. */
  public static FakeControlPlane start() {
    FakeControlPlane cp = new FakeControlPlane(null);
    cp.startServer(0);
    return cp;
  }

  /**
   * A control plane serving TLS with {@code certificate} (issue it for {@code localhost} and {@code
   * 127.0.0.1} so clients can verify it) on a free loopback port.
   */
  public static FakeControlPlane startTls(IssuedCertificate certificate) {
    SslContext ssl;
    try {
      ssl =
          GrpcSslContexts.forServer(
                  new ByteArrayInputStream(
                      certificate.certificatePem().getBytes(StandardCharsets.US_ASCII)),
                  new ByteArrayInputStream(
                      certificate.privateKeyPem().getBytes(StandardCharsets.US_ASCII)))
              .build();
    } catch (SSLException e) {
      throw new IllegalArgumentException(
          "cannot serve TLS with certificate "
              + certificate.certificate().getSubjectX500Principal(),
          e);
    }
    FakeControlPlane cp = new FakeControlPlane(ssl);
    cp.startServer(0);
    return cp;
  }

  /** The port the control plane listens on (the same across restarts). */
  public synchronized int port() {
    return port;
  }

  /** The loopback address the control plane listens on. */
  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
  }

  /** Whether it serves TLS. */
  public boolean isTls() {
    return sslContext != null;
  }

  /**
   * Makes {@code config} the current config: sent to every accepted open stream now and to every
   * stream accepted later.
   */
  public void push(ProxyConfig config) {
    current = config;
    for (Stream stream : openStreams) {
      stream.sendIfAccepted(config);
    }
  }

  /** The config sent to newly accepted streams, or null. */
  public ProxyConfig currentConfig() {
    return current;
  }

  /** Refuses every stream from now on with {@code status} once its Hello arrived. */
  public void refuseWith(Status status) {
    if (status.isOk()) {
      throw new IllegalArgumentException("refusal status " + status + ": expected an error status");
    }
    refusal = status;
  }

  /** Accepts streams again after {@link #refuseWith}. */
  public void acceptStreams() {
    refusal = null;
  }

  /** Ends every open stream with {@code status} (the server keeps running). */
  public void closeStreams(Status status) {
    for (Stream stream : openStreams) {
      stream.close(status);
    }
  }

  /** Stops the server: open streams break as in a control-plane crash. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    server.shutdownNow();
    try {
      if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("fake control plane on port " + port + " did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the fake control plane", e);
    } finally {
      server = null;
      openStreams.clear();
    }
  }

  /** Stops (if running) and starts again on the same port. */
  public synchronized void restart() {
    stop();
    startServer(port);
  }

  /** Whether the server is running. */
  public synchronized boolean isRunning() {
    return server != null;
  }

  @Override
  public void close() {
    stop();
  }

  /** Every stream that sent a Hello, in arrival order. */
  public List<ConnectedProxy> connectedProxies() {
    return List.copyOf(connected);
  }

  /** Every Hello received, in arrival order. */
  public List<Hello> hellos() {
    List<Hello> hellos = new ArrayList<>();
    connected.forEach(proxy -> hellos.add(proxy.hello()));
    return hellos;
  }

  /** The {@code authorization} metadata value of each stream that sent a Hello ("" if none). */
  public List<String> authorizations() {
    List<String> values = new ArrayList<>();
    connected.forEach(
        proxy -> values.add(proxy.authorization().isEmpty() ? "" : proxy.authorization().get(0)));
    return values;
  }

  /** Every Ack received, in arrival order. */
  public List<Ack> acks() {
    return List.copyOf(acks);
  }

  /** Every Nack received, in arrival order. */
  public List<Nack> nacks() {
    return List.copyOf(nacks);
  }

  /** Streams currently open (Hello received or not). */
  public int openStreams() {
    return openStreams.size();
  }

  private void startServer(int requestedPort) {
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort))
            .withOption(ChannelOption.SO_REUSEADDR, true)
            .addService(ServerInterceptors.intercept(new Service(), new MetadataRecorder()));
    if (sslContext != null) {
      builder.sslContext(sslContext);
    }
    try {
      Server started = builder.build().start();
      synchronized (this) {
        server = started;
        port = started.getPort();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start the fake control plane on port " + requestedPort, e);
    }
  }

  private static final class MetadataRecorder implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      Iterable<String> values = headers.getAll(AUTHORIZATION);
      List<String> authorization = new ArrayList<>();
      if (values != null) {
        values.forEach(authorization::add);
      }
      return Contexts.interceptCall(
          Context.current().withValue(AUTHORIZATION_VALUES, List.copyOf(authorization)),
          call,
          headers,
          next);
    }
  }

  private final class Service extends ProxyDiscoveryServiceGrpc.ProxyDiscoveryServiceImplBase {
    @Override
    public StreamObserver<ProxyRequest> streamConfig(StreamObserver<ProxyResponse> responses) {
      Stream stream =
          new Stream(
              streamCount.incrementAndGet(),
              AUTHORIZATION_VALUES.get(),
              (ServerCallStreamObserver<ProxyResponse>) responses);
      openStreams.add(stream);
      return stream;
    }
  }

  /** One proxy stream; sends are serialized on the stream object. */
  private final class Stream implements StreamObserver<ProxyRequest> {
    private final int id;
    private final List<String> authorization;
    private final ServerCallStreamObserver<ProxyResponse> responses;
    private boolean accepted;
    private boolean closed;
    private ProxyConfig lastSent;

    Stream(int id, List<String> authorization, ServerCallStreamObserver<ProxyResponse> responses) {
      this.id = id;
      this.authorization = authorization;
      this.responses = responses;
      responses.setOnCancelHandler(() -> openStreams.remove(this));
    }

    @Override
    public void onNext(ProxyRequest request) {
      switch (request.getKindCase()) {
        case HELLO -> onHello(request.getHello());
        case ACK -> acks.add(request.getAck());
        case NACK -> nacks.add(request.getNack());
        case KIND_NOT_SET -> close(Status.INVALID_ARGUMENT.withDescription("empty request"));
      }
    }

    private void onHello(Hello hello) {
      synchronized (this) {
        if (accepted) {
          close(Status.INVALID_ARGUMENT.withDescription("Hello sent twice on one stream"));
          return;
        }
      }
      connected.add(new ConnectedProxy(id, authorization, hello));
      Status refused = refusal;
      if (refused != null) {
        close(refused);
        return;
      }
      synchronized (this) {
        accepted = true;
      }
      ProxyConfig config = current;
      if (config != null) {
        sendIfAccepted(config);
      }
    }

    synchronized void sendIfAccepted(ProxyConfig config) {
      if (accepted && !closed && !responses.isCancelled() && !config.equals(lastSent)) {
        lastSent = config;
        responses.onNext(ProxyResponse.newBuilder().setConfig(config).build());
      }
    }

    synchronized void close(Status status) {
      if (closed) {
        return;
      }
      closed = true;
      openStreams.remove(this);
      if (status.isOk()) {
        responses.onCompleted();
      } else {
        responses.onError(status.asRuntimeException());
      }
    }

    @Override
    public void onError(Throwable t) {
      synchronized (this) {
        closed = true;
      }
      openStreams.remove(this);
    }

    @Override
    public void onCompleted() {
      close(Status.OK);
    }
  }
}
