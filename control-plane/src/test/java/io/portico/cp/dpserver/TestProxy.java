package io.portico.cp.dpserver;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.portico.proxy.api.v1.Ack;
import io.portico.proxy.api.v1.BuildInfo;
import io.portico.proxy.api.v1.Hello;
import io.portico.proxy.api.v1.Nack;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.ProxyDiscoveryServiceGrpc;
import io.portico.proxy.api.v1.ProxyRequest;
import io.portico.proxy.api.v1.ProxyResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * A minimal proxy for DP server tests: opens the config stream over TLS trusting the control
 * plane's certificate file, sends a Hello with the token as {@code authorization} metadata, queues
 * every config received and answers only when told to.
 */
final class TestProxy implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(15);
  static final String VERSION = "0.1.0-test";
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel channel;
  private final LinkedBlockingQueue<ProxyConfig> configs = new LinkedBlockingQueue<>();
  private final CompletableFuture<Status> end = new CompletableFuture<>();
  private final CompletableFuture<ClientCallStreamObserver<ProxyRequest>> requests =
      new CompletableFuture<>();

  private TestProxy(ManagedChannel channel) {
    this.channel = channel;
  }

  /** An indirect-mode Hello (the dataplane was created through the API). */
  static Hello hello(String mesh, String name) {
    return Hello.newBuilder()
        .setMesh(mesh)
        .setName(name)
        .setProxyType("dataplane")
        .setBuild(
            BuildInfo.newBuilder()
                .setVersion(VERSION)
                .setGitCommit("abc123")
                .setBuildDate("2024-01-01"))
        .build();
  }

  /** A direct-mode Hello carrying the Dataplane resource text. */
  static Hello hello(String mesh, String name, String dataplane) {
    return hello(mesh, name).toBuilder().setDataplane(dataplane).build();
  }

  /**
   * Opens a stream and sends the Hello.
   *
   * @param authorization the metadata values to send; none for no metadata
   */
  static TestProxy connect(int port, Path caCert, Hello hello, String... authorization) {
    return connect(port, caCert, ProxyRequest.newBuilder().setHello(hello).build(), authorization);
  }

  /** Opens a stream and sends {@code first} as its first message. */
  static TestProxy connect(int port, Path caCert, ProxyRequest first, String... authorization) {
    ManagedChannel channel;
    try {
      channel =
          NettyChannelBuilder.forAddress("127.0.0.1", port)
              .sslContext(GrpcSslContexts.forClient().trustManager(caCert.toFile()).build())
              .build();
    } catch (SSLException e) {
      throw new IllegalStateException(e);
    }
    Metadata metadata = new Metadata();
    for (String value : authorization) {
      metadata.put(AUTHORIZATION, value);
    }
    TestProxy proxy = new TestProxy(channel);
    ProxyDiscoveryServiceGrpc.newStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
        .streamConfig(proxy.new Responses());
    proxy.send(first);
    return proxy;
  }

  private final class Responses implements ClientResponseObserver<ProxyRequest, ProxyResponse> {
    @Override
    public void beforeStart(ClientCallStreamObserver<ProxyRequest> stream) {
      requests.complete(stream);
    }

    @Override
    public void onNext(ProxyResponse response) {
      configs.add(response.getConfig());
    }

    @Override
    public void onError(Throwable t) {
      end.complete(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      end.complete(Status.OK);
    }
  }

  void send(ProxyRequest request) {
    try {
      ClientCallStreamObserver<ProxyRequest> stream =
          requests.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      synchronized (stream) {
        stream.onNext(request);
      }
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The next config received, waiting for it. */
  ProxyConfig nextConfig() {
    try {
      ProxyConfig config = configs.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (config == null) {
        throw new AssertionError(
            "no config within " + WAIT + (end.isDone() ? "; stream ended " + end.join() : ""));
      }
      return config;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Configs received and not taken yet. */
  List<ProxyConfig> pendingConfigs() {
    return List.copyOf(configs);
  }

  void ack(String version) {
    send(ProxyRequest.newBuilder().setAck(Ack.newBuilder().setVersion(version)).build());
  }

  void nack(String version, String... errors) {
    send(
        ProxyRequest.newBuilder()
            .setNack(Nack.newBuilder().setVersion(version).addAllErrors(List.of(errors)))
            .build());
  }

  /** How the control plane ended the stream, waiting for it. */
  Status awaitEnd() {
    try {
      return end.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new AssertionError("the stream did not end within " + WAIT, e);
    }
  }

  boolean isEnded() {
    return end.isDone();
  }

  /** Leaves as a proxy that shuts down does: half-closes its side. */
  void leave() {
    try {
      ClientCallStreamObserver<ProxyRequest> stream =
          requests.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      synchronized (stream) {
        stream.onCompleted();
      }
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Drops the connection as a crashed proxy would. */
  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
