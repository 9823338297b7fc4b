package io.portico.testing.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.portico.proxy.api.v1.Ack;
import io.portico.proxy.api.v1.Hello;
import io.portico.proxy.api.v1.Nack;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.ProxyDiscoveryServiceGrpc;
import io.portico.proxy.api.v1.ProxyRequest;
import io.portico.proxy.api.v1.ProxyResponse;
import io.portico.testing.pki.TestPki;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeControlPlaneTest {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Hello HELLO =
      Hello.newBuilder().setMesh("default").setName("gw-1").setProxyType("dataplane").build();

  private FakeControlPlane cp;
  private ManagedChannel channel;

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (cp != null) {
      cp.close();
    }
  }

  /** A raw client stream recording what the control plane sends. */
  private final class Client implements StreamObserver<ProxyResponse> {
    final List<ProxyConfig> configs = new CopyOnWriteArrayList<>();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    volatile boolean completed;
    final StreamObserver<ProxyRequest> requests;

    Client(String token) {
      Metadata metadata = new Metadata();
      if (token != null) {
        metadata.put(AUTHORIZATION, token);
      }
      requests =
          ProxyDiscoveryServiceGrpc.newStub(channel)
              .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
              .streamConfig(this);
    }

    @Override
    public void onNext(ProxyResponse value) {
      configs.add(value.getConfig());
    }

    @Override
    public void onError(Throwable t) {
      error.set(t);
    }

    @Override
    public void onCompleted() {
      completed = true;
    }
  }

  private void plaintext() {
    cp = FakeControlPlane.start();
    channel = NettyChannelBuilder.forAddress(cp.address()).usePlaintext().build();
  }

  @Test
  void recordsHelloWithAuthorizationMetadata() {
    plaintext();
    Client client = new Client("token-123");
    client.requests.onNext(ProxyRequest.newBuilder().setHello(HELLO).build());

    await().until(() -> cp.hellos().size() == 1);
    assertThat(cp.hellos()).containsExactly(HELLO);
    assertThat(cp.authorizations()).containsExactly("token-123");
    assertThat(cp.connectedProxies().get(0).authorization()).containsExactly("token-123");
    assertThat(cp.openStreams()).isEqualTo(1);
  }

  @Test
  void missingAuthorizationIsRecordedAsEmpty() {
    plaintext();
    Client client = new Client(null);
    client.requests.onNext(ProxyRequest.newBuilder().setHello(HELLO).build());
    await().until(() -> cp.hellos().size() == 1);
    assertThat(cp.authorizations()).containsExactly("");
  }

  @Test
  void pushedConfigReachesOpenStreamsAndLaterOnes() {
    plaintext();
    Client first = new Client("t");
    first.requests.onNext(ProxyRequest.newBuilder().setHello(HELLO).build());
    await().until(() -> cp.hellos().size() == 1);

    ProxyConfig v1 = ProxyConfig.newBuilder().setVersion("v1").build();
    cp.push(v1);
    await().until(() -> first.configs.size() == 1);

    Client second = new Client("t");
    second.requests.onNext(ProxyRequest.newBuilder().setHello(HELLO).build());
    await().until(() -> second.configs.size() == 1);
    assertThat(second.configs).containsExactly(v1);
    assertThat(cp.currentConfig()).isEqualTo(v1);
  }

  @Test
  void recordsAcksAndNacks() {
    plaintext();
    Client client = new Client("t");
    client.requests.onNext(ProxyRequest.newBuilder().setHello(HELLO).build());
    client.requests.onNext(
        ProxyRequest.newBuilder().setAck(Ack.newBuilder().setVersion("v1")).build());
    client.requests.onNext(
        ProxyRequest.newBuilder()
            .setNack(Nack.newBuilder().setVersion("v2").addErrors("a: bad").addErrors("b: bad"))
            .build());

    await().until(() -> cp.nacks().size() == 1);
    assertThat(cp.acks()).extracting(Ack::getVersion).containsExactly("v1");
    assertThat(cp.nacks().get(0).getErrorsList()).containsExactly("a: bad", "b: bad");
  }

  @Test
  void refusesStreamsWithTheChosenStatus() {
    plaintext();
    cp.refuseWith(Status.PERMISSION_DENIED.withDescription("token is for another dataplane"));
    Client client = new Client("t");
    client.requests.onNext(ProxyRequest.newBuilder().setHello(HELLO).build());

    await().until(() -> client.error.get() != null);
    Status status = ((StatusRuntimeException) client.error.get()).getStatus();
    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription()).isEqualTo("token is for another dataplane");
    assertThat(cp.hellos()).hasSize(1);

    cp.acceptStreams();
    Client again = new Client("t");
    again.requests.onNext(ProxyRequest.newBuilder().setHello(HELLO).build());
    await().until(() -> cp.openStreams() == 1);
    assertThat(again.error.get()).isNull();
  }

  @Test
  void closeStreamsEndsThemWithTheStatus() {
    plaintext();
    Client client = new Client("t");
    client.requests.onNext(ProxyRequest.newBuilder().setHello(HELLO).build());
    await().until(() -> cp.openStreams() == 1);
    cp.closeStreams(Status.UNAVAILABLE.withDescription("going away"));
    await().until(() -> client.error.get() != null);
    assertThat(Status.fromThrowable(client.error.get()).getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(cp.openStreams()).isZero();
  }

  @Test
  void restartKeepsThePortAndTheRecords() {
    plaintext();
    int port = cp.port();
    Client client = new Client("t");
    client.requests.onNext(ProxyRequest.newBuilder().setHello(HELLO).build());
    await().until(() -> cp.hellos().size() == 1);

    cp.restart();
    await().until(() -> client.error.get() != null);
    assertThat(cp.port()).isEqualTo(port);
    assertThat(cp.isRunning()).isTrue();

    Client again = new Client("t");
    again.requests.onNext(ProxyRequest.newBuilder().setHello(HELLO).build());
    await().until(() -> cp.hellos().size() == 2);
  }

  @Test
  void servesTlsWithATestPkiCertificate() throws Exception {
    TestPki pki = TestPki.create();
    cp = FakeControlPlane.startTls(pki.issueServer(List.of("localhost"), List.of("127.0.0.1")));
    assertThat(cp.isTls()).isTrue();
    channel =
        NettyChannelBuilder.forAddress("localhost", cp.port())
            .sslContext(GrpcSslContexts.forClient().trustManager(pki.caCertificate()).build())
            .build();
    Client client = new Client("tls-token");
    client.requests.onNext(ProxyRequest.newBuilder().setHello(HELLO).build());
    await().until(() -> cp.hellos().size() == 1);
    assertThat(cp.authorizations()).containsExactly("tls-token");
  }
}
