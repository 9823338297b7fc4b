package io.portico.cp.dpserver;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.portico.proxy.api.v1.ProxyDiscoveryServiceGrpc;
import io.portico.proxy.api.v1.ProxyRequest;
import io.portico.proxy.api.v1.ProxyResponse;

/** {@code ProxyDiscoveryService.StreamConfig}: one {@link ProxyStream} per call. */
final class ConfigStreamService extends ProxyDiscoveryServiceGrpc.ProxyDiscoveryServiceImplBase {
  private final StreamHandshake handshake;
  private final ConfigSync sync;

  ConfigStreamService(StreamHandshake handshake, ConfigSync sync) {
    this.handshake = handshake;
    this.sync = sync;
  }

  @Override
  public StreamObserver<ProxyRequest> streamConfig(StreamObserver<ProxyResponse> responses) {
    return new ProxyStream(
        (ServerCallStreamObserver<ProxyResponse>) responses,
        StreamMetadata.AUTHORIZATION_VALUES.get(),
        handshake,
        sync,
        StreamMetadata.PEER.get());
  }
}
