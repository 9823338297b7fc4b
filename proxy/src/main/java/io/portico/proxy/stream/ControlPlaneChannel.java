package io.portico.proxy.stream;

import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * Opens gRPC channels to the control plane: TLS, with the trust the proxy was given. The stream
 * client opens a fresh channel for every attempt, so that its own backoff, not the channel's,
 * decides when to reconnect.
 */
public final class ControlPlaneChannel {
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
