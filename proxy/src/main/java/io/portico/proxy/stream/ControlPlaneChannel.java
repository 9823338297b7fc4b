package io.portico.proxy.stream;

import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * Opens gRPC channels to the control plane: TLS, with the trust the proxy was given. The stream
 * client opens a fresh channel for every attempt, so that its own backoff, not the channel's,
 * decides when to reconnect.
 */
public final class ControlPlaneChannel {
  /**
   * HTTP/2 pings on an open stream find a control plane that vanished without closing the
   * connection. Just above gRPC servers' default {@code permitKeepAliveTime} (5 min), so that a
   * server with defaults never answers GOAWAY {@code too_many_pings} (which would end the stream
   * and, in direct mode, deregister the dataplane).
   */
  static final Duration KEEPALIVE_TIME = Duration.ofSeconds(330);

  static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(20);

  /**
   * How long an attempt waits for the TCP connection. A stopped control plane refuses at once, but
   * the address of one whose host or pod is gone may drop the SYN, and Netty would wait 30 s for
   * it: the proxy would come back that late. 2 s covers two SYNs (Linux resends the first after 1
   * s, RFC 6298) and any sane round trip to a zone's control plane, so against such an address the
   * proxy is back at most about 1.75 s (connect timeout, less the resend, plus {@link
   * Backoff#DEFAULT}'s cap) after the control plane is.
   */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private ControlPlaneChannel() {}

  /**
   * Opens channels to {@code address}; connecting is lazy (nothing happens until a stream starts).
   *
   * @throws IllegalArgumentException when the CA certificates cannot be read as PEM
   */
  public static Supplier<ManagedChannel> factory(
      ControlPlaneAddress address, ControlPlaneTrust trust) {
    SslContext sslContext = sslContext(trust);
    return () ->
        NettyChannelBuilder.forAddress(address.host(), address.port())
            .sslContext(sslContext)
            .keepAliveTime(KEEPALIVE_TIME.toSeconds(), TimeUnit.SECONDS)
            .keepAliveTimeout(KEEPALIVE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
            .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
            .build();
  }

  static SslContext sslContext(ControlPlaneTrust trust) {
    SslContextBuilder builder = GrpcSslContexts.forClient();
    if (trust instanceof ControlPlaneTrust.CaCertificates ca) {
      try {
        builder.trustManager(
            new ByteArrayInputStream(ca.pem().getBytes(StandardCharsets.US_ASCII)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "CA certificate "
                + ca.source()
                + " holds no readable PEM certificate: "
                + e.getMessage(),
            e);
      }
    } else if (trust instanceof ControlPlaneTrust.Unverified) {
      builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
    } else {
      throw new IllegalArgumentException("unknown control plane trust " + trust);
    }
    try {
      return builder.build();
    } catch (SSLException e) {
      throw new IllegalArgumentException(
          "cannot set up TLS to the control plane: " + e.getMessage(), e);
    }
  }
}
