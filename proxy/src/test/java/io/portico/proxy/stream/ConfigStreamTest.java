package io.portico.proxy.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.portico.proxy.api.v1.Ack;
import io.portico.proxy.api.v1.BuildInfo;
import io.portico.proxy.api.v1.Hello;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.testing.controlplane.FakeControlPlane;
import io.portico.testing.pki.IssuedCertificate;
import io.portico.testing.pki.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConfigStreamTest {
  private static final Hello HELLO =
      Hello.newBuilder()
          .setMesh("default")
          .setName("gateway-instance-1")
          .setDataplane("type: Dataplane\nmesh: default\nname: gateway-instance-1\n")
          .setProxyType("dataplane")
          .setBuild(BuildInfo.newBuilder().setVersion("test"))
          .build();
  private static final ProxyConfig V1 =
      ProxyConfig.newBuilder()
          .setVersion("v1")
          .setMesh("default")
          .setDataplane("gateway-instance-1")
          .addListeners(Listener.newBuilder().setName("edge-gateway:HTTP:8080").setPort(8080))
          .build();
  private static final ProxyConfig V2 = V1.toBuilder().setVersion("v2").build();

  /** Delays of 200, 400, 800, 1600 ms ... with {@link FakeRandom#highest()}. */
  private static final Backoff TENTHS = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

  private static TestPki pki;
  private static IssuedCertificate serverCertificate;

  private final FakeConfigSink sink = new FakeConfigSink();
  private final ManualTimer timer = new ManualTimer();
  private FakeControlPlane cp;
  private ConfigStream stream;

  @BeforeAll
  static void issueCertificates() {
    pki = TestPki.create();
    serverCertificate = pki.issueServer(List.of("localhost"), List.of("127.0.0.1"));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (stream != null) {
      stream.close();
    }
    if (cp != null) {
      cp.close();
    }
  }

  private void startControlPlane() {
    cp = FakeControlPlane.startTls(serverCertificate);
  }

  private ConfigStream connect(String host, ControlPlaneTrust trust, String token) {
    stream =
        new ConfigStream(
            ControlPlaneChannel.factory(new ControlPlaneAddress(host, cp.port()), trust),
            HELLO,
            token,
            sink,
            TENTHS,
            FakeRandom.highest(),
            timer);
    stream.start();
    return stream;
  }

  private ConfigStream connect() {
    return connect("127.0.0.1", trustTestCa(), "token-1");
  }

  private static ControlPlaneTrust trustTestCa() {
    return new ControlPlaneTrust.CaCertificates(pki.caCertificatePem(), "test CA");
  }

  @Test
  void helloIsTheFirstMessageAndTheTokenIsTheAuthorizationMetadata() {
    startControlPlane();
    connect();
    await().until(() -> cp.hellos().size() == 1);
    assertThat(cp.hellos()).containsExactly(HELLO);
    assertThat(cp.connectedProxies().get(0).authorization()).containsExactly("token-1");
    assertThat(stream.state()).isEqualTo(ConfigStream.State.CONNECTING);
  }

  @Test
  void noTokenSendsNoAuthorizationMetadata() {
    startControlPlane();
    connect("127.0.0.1", trustTestCa(), "");
    await().until(() -> cp.hellos().size() == 1);
    assertThat(cp.connectedProxies().get(0).authorization()).isEmpty();
  }

  @Test
  void hostnameOfTheCpAddressIsVerified() {
    startControlPlane();
    connect("localhost", trustTestCa(), "token-1");
    await().until(() -> cp.hellos().size() == 1);
  }

  @Test
  void appliedConfigIsAcked() {
    startControlPlane();
    cp.push(V1);
    connect();
    await().until(() -> cp.acks().size() == 1);
    assertThat(cp.acks()).containsExactly(Ack.newBuilder().setVersion("v1").build());
    assertThat(cp.nacks()).isEmpty();
    assertThat(sink.applied()).isEqualTo(V1);
    assertThat(stream.state()).isEqualTo(ConfigStream.State.STREAMING);

    cp.push(V2);
    await().until(() -> cp.acks().size() == 2);
    assertThat(cp.acks().get(1).getVersion()).isEqualTo("v2");
    assertThat(sink.applied()).isEqualTo(V2);
  }

  @Test
  void rejectedConfigIsNackedWithEveryErrorAndTheLastGoodOneStays() {
    startControlPlane();
    cp.push(V1);
    connect();
    await().until(() -> cp.acks().size() == 1);

    sink.validateWith(
        config ->
            List.of(
                "listeners[0].port: must be in inclusive range [1, 65535]",
                "clusters[2].name: must be unique"));
    cp.push(V2);
    await().until(() -> cp.nacks().size() == 1);
    assertThat(cp.nacks().get(0).getVersion()).isEqualTo("v2");
    assertThat(cp.nacks().get(0).getErrorsList())
        .containsExactly(
            "listeners[0].port: must be in inclusive range [1, 65535]",
            "clusters[2].name: must be unique");
    assertThat(sink.applied()).isEqualTo(V1);
    assertThat(stream.state()).isEqualTo(ConfigStream.State.STREAMING);
  }

  @Test
  void configRefusedForAnAddressInUseIsAppliedAgainWithBackoffAndAcked() {
    startControlPlane();
    sink.validateWith(config -> List.of("listeners[l]: cannot bind 127.0.0.1:8080: in use"));
    sink.refusalsAreTransient(true);
    cp.push(V1);
    connect();
    await().until(() -> cp.nacks().size() == 1 && timer.pending() == 1);
    assertThat(sink.applied()).isNull();

    timer.fireNext();
    await().until(() -> sink.received().size() == 2 && timer.pending() == 1);
    assertThat(cp.nacks()).hasSize(1);
    assertThat(cp.acks()).isEmpty();

    sink.validateWith(config -> List.of());
    timer.fireNext();
    await().until(() -> cp.acks().size() == 1);
    assertThat(cp.acks().get(0).getVersion()).isEqualTo("v1");
    assertThat(sink.applied()).isEqualTo(V1);
    assertThat(timer.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(timer.pending()).isZero();
  }

  @Test
  void aNewerConfigDropsThePendingReapply() {
    startControlPlane();
    sink.validateWith(
        config ->
            config.getVersion().equals("v1")
                ? List.of("listeners[l]: cannot bind 127.0.0.1:8080: in use")
                : List.of());
    sink.refusalsAreTransient(true);
    cp.push(V1);
    connect();
    await().until(() -> cp.nacks().size() == 1 && timer.pending() == 1);
    cp.push(V2);
    await().until(() -> cp.acks().size() == 1);

    timer.fireNext();
    await().pollDelay(Duration.ofMillis(200)).until(() -> true);
    assertThat(sink.received()).extracting(ProxyConfig::getVersion).containsExactly("v1", "v2");
    assertThat(sink.applied()).isEqualTo(V2);
  }

  @Test
  void refusalsThatAreNotAddressesInUseAreNotAppliedAgain() {
    startControlPlane();
    sink.validateWith(config -> List.of("clusters[2].name: must be unique"));
    cp.push(V1);
    connect();
    await().until(() -> cp.nacks().size() == 1);
    assertThat(timer.pending()).isZero();
  }

  @Test
  void reapplyDelayDoublesFromOneSecondUpToThirty() {
    assertThat(
            java.util.stream.IntStream.range(0, 8)
                .mapToObj(ConfigStream::reapplyDelay)
                .map(Duration::toSeconds))
        .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
  }

  @Test
  void sinkFailureIsNackedAndTheStreamGoesOn() {
    startControlPlane();
    sink.validateWith(
        config -> {
          throw new IllegalStateException("boom");
        });
    cp.push(V1);
    connect();
    await().until(() -> cp.nacks().size() == 1);
    assertThat(cp.nacks().get(0).getErrors(0))
        .isEqualTo(
            "internal error applying config version v1: java.lang.IllegalStateException: boom");

    sink.validateWith(config -> List.of());
    cp.push(V2);
    await().until(() -> cp.acks().size() == 1);
  }

  @Test
  void reconnectsAfterTheControlPlaneRestartsAndKeepsServingTheLastConfig() {
    startControlPlane();
    cp.push(V1);
    connect();
    await().until(() -> cp.acks().size() == 1);

    cp.stop();
    await().until(() -> timer.pending() == 1);
    assertThat(stream.state()).isEqualTo(ConfigStream.State.BACKOFF);
    assertThat(sink.applied()).isEqualTo(V1);
    assertThat(sink.received()).containsExactly(V1);

    cp.restart();
    timer.fireNext();
    await().until(() -> cp.acks().size() == 2);
    assertThat(cp.hellos()).containsExactly(HELLO, HELLO);
    assertThat(cp.authorizations()).containsExactly("token-1", "token-1");
    assertThat(cp.acks()).extracting(Ack::getVersion).containsExactly("v1", "v1");
    assertThat(sink.applied()).isEqualTo(V1);
    assertThat(stream.state()).isEqualTo(ConfigStream.State.STREAMING);
    assertThat(timer.delays()).containsExactly(Duration.ofMillis(200));
  }

  @Test
  void backoffGrowsWhileTheControlPlaneIsDownAndResetsOnceConnected() {
    startControlPlane();
    cp.push(V1);
    cp.stop();
    connect();
    for (int failures = 1; failures <= 4; failures++) {
      int expected = failures;
      await().until(() -> timer.pending() == 1 && timer.delays().size() == expected);
      if (failures < 4) {
        timer.fireNext();
      }
    }
    assertThat(timer.delays())
        .containsExactly(
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(800),
            Duration.ofMillis(1600));
    assertThat(cp.hellos()).isEmpty();
    assertThat(stream.attempts()).isEqualTo(4);

    cp.restart();
    timer.fireNext();
    await().until(() -> cp.acks().size() == 1);

    cp.closeStreams(Status.UNAVAILABLE.withDescription("going away"));
    await().until(() -> timer.delays().size() == 5);
    assertThat(timer.delays().get(4)).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void resumesWithTheDefaultBackoffWhenTheControlPlaneIsBackOnTheSamePort() {
    startControlPlane();
    cp.push(V1);
    stream =
        new ConfigStream(
            ControlPlaneChannel.factory(
                new ControlPlaneAddress("127.0.0.1", cp.port()), trustTestCa()),
            HELLO,
            "token-1",
            sink,
            Backoff.DEFAULT,
            new SplittableRandom(5),
            null);
    stream.start();
    await().until(() -> cp.acks().size() == 1);

    cp.stop();
    // Down for a few seconds' worth of real reconnect attempts, each refused.
    await().atMost(Duration.ofSeconds(60)).until(() -> stream.attempts() >= 6);
    assertThat(cp.hellos()).hasSize(1);
    assertThat(sink.applied()).isEqualTo(V1);

    cp.push(V2);
    cp.restart();
    await().atMost(Duration.ofSeconds(60)).until(() -> cp.acks().size() == 2);
    assertThat(cp.hellos()).containsExactly(HELLO, HELLO);
    assertThat(cp.acks()).extracting(Ack::getVersion).containsExactly("v1", "v2");
    assertThat(sink.received()).containsExactly(V1, V2);
    assertThat(sink.applied()).isEqualTo(V2);
    assertThat(stream.state()).isEqualTo(ConfigStream.State.STREAMING);
  }

  @Test
  void anAttemptToAnAddressThatDropsTheConnectionGivesUpAfterTheConnectTimeout()
      throws IOException {
    // A listening socket whose accept queue is full: the kernel drops further SYNs, as the
    // network does for a control plane whose host is gone.
    try (ServerSocket blackHole = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Socket> queued = fillAcceptQueue(blackHole);
      try {
        stream =
            new ConfigStream(
                ControlPlaneChannel.factory(
                    new ControlPlaneAddress("127.0.0.1", blackHole.getLocalPort()), trustTestCa()),
                HELLO,
                "token-1",
                sink,
                TENTHS,
                FakeRandom.highest(),
                timer);
        stream.start();
        // Far below Netty's own 30 s, far above CONNECT_TIMEOUT.
        await()
            .atMost(ControlPlaneChannel.CONNECT_TIMEOUT.multipliedBy(5))
            .until(() -> timer.pending() == 1);
        assertThat(stream.state()).isEqualTo(ConfigStream.State.BACKOFF);
        assertThat(stream.attempts()).isEqualTo(1);
      } finally {
        for (Socket socket : queued) {
          socket.close();
        }
      }
    }
  }

  /** Connects to {@code server} until a connect times out: the queue is then full. */
  private static List<Socket> fillAcceptQueue(ServerSocket server) throws IOException {
    List<Socket> queued = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Socket socket = new Socket();
      try {
        socket.connect(server.getLocalSocketAddress(), 200);
        queued.add(socket);
      } catch (SocketTimeoutException e) {
        socket.close();
        return queued;
      }
    }
    for (Socket socket : queued) {
      socket.close();
    }
    Assumptions.abort("this kernel does not drop SYNs beyond a full accept queue");
    return List.of();
  }

  @ParameterizedTest
  @EnumSource(
      value = Status.Code.class,
      names = {"UNAUTHENTICATED", "PERMISSION_DENIED", "INVALID_ARGUMENT", "FAILED_PRECONDITION"})
  void refusalBeforeAnyConfigEndsTheStreamWithTheControlPlanesMessage(Status.Code code) {
    startControlPlane();
    cp.refuseWith(Status.fromCode(code).withDescription("dataplane gateway-instance-1: refused"));
    connect();
    StreamEnd end = stream.end().toCompletableFuture().join();
    assertThat(end).isEqualTo(new StreamEnd.Refused(code, "dataplane gateway-instance-1: refused"));
    assertThat(stream.state()).isEqualTo(ConfigStream.State.REFUSED);
    assertThat(timer.pending()).isZero();
  }

  @ParameterizedTest
  @EnumSource(
      value = Status.Code.class,
      names = {"UNAVAILABLE", "INTERNAL", "RESOURCE_EXHAUSTED", "UNKNOWN", "NOT_FOUND"})
  void otherFailuresOnTheFirstConnectAreRetried(Status.Code code) {
    startControlPlane();
    cp.refuseWith(Status.fromCode(code).withDescription("try later"));
    connect();
    await().until(() -> timer.pending() == 1);
    assertThat(stream.state()).isEqualTo(ConfigStream.State.BACKOFF);
    assertThat(stream.end().toCompletableFuture()).isNotDone();

    cp.acceptStreams();
    cp.push(V1);
    timer.fireNext();
    await().until(() -> cp.acks().size() == 1);
  }

  @Test
  void refusalAfterAConfigWasReceivedIsRetried() {
    startControlPlane();
    cp.push(V1);
    connect();
    await().until(() -> cp.acks().size() == 1);

    cp.refuseWith(Status.PERMISSION_DENIED.withDescription("token revoked"));
    cp.closeStreams(Status.UNAVAILABLE);
    await().until(() -> timer.pending() == 1);
    timer.fireNext();
    await().until(() -> cp.hellos().size() == 2 && timer.pending() == 1);
    assertThat(stream.state()).isEqualTo(ConfigStream.State.BACKOFF);
    assertThat(stream.end().toCompletableFuture()).isNotDone();
    assertThat(sink.applied()).isEqualTo(V1);
  }

  @Test
  void controlPlaneEndingTheStreamCleanlyIsRetried() {
    startControlPlane();
    cp.push(V1);
    connect();
    await().until(() -> cp.acks().size() == 1);
    cp.closeStreams(Status.OK);
    await().until(() -> timer.pending() == 1);
    timer.fireNext();
    await().until(() -> cp.acks().size() == 2);
  }

  @Test
  void certificateFromAnotherCaIsNotTrusted() {
    startControlPlane();
    TestPki otherPki = TestPki.create();
    connect(
        "127.0.0.1",
        new ControlPlaneTrust.CaCertificates(otherPki.caCertificatePem(), "other CA"),
        "token-1");
    await().until(() -> timer.pending() == 1);
    assertThat(cp.hellos()).isEmpty();
    assertThat(stream.state()).isEqualTo(ConfigStream.State.BACKOFF);
  }

  @Test
  void certificateForAnotherHostIsNotTrusted() {
    cp = FakeControlPlane.startTls(pki.issueServer(List.of("cp.other.example"), List.of()));
    connect("127.0.0.1", trustTestCa(), "token-1");
    await().until(() -> timer.pending() == 1);
    assertThat(cp.hellos()).isEmpty();
  }

  @Test
  void unverifiedTrustAcceptsAnyCertificate() {
    cp =
        FakeControlPlane.startTls(
            TestPki.create().issueServer(List.of("cp.other.example"), List.of()));
    connect("127.0.0.1", new ControlPlaneTrust.Unverified(), "token-1");
    await().until(() -> cp.hellos().size() == 1);
  }

  @Test
  void closeCancelsTheStreamAndStopsReconnecting() {
    startControlPlane();
    cp.push(V1);
    connect();
    await().until(() -> cp.acks().size() == 1 && cp.openStreams() == 1);

    stream.close();
    assertThat(stream.end().toCompletableFuture().join()).isEqualTo(new StreamEnd.Stopped());
    assertThat(stream.state()).isEqualTo(ConfigStream.State.STOPPED);
    await().until(() -> cp.openStreams() == 0);
    assertThat(timer.pending()).isZero();
    assertThat(cp.hellos()).hasSize(1);
  }
}
