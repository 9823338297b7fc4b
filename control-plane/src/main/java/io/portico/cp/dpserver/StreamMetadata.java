package io.portico.cp.dpserver;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands a stream's {@code authorization} metadata values (the dataplane token, spec/core.md §6.6)
 * and the peer's address to the service through the gRPC {@link Context}.
 */
final class StreamMetadata implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Context.Key<List<String>> AUTHORIZATION_VALUES =
      Context.keyWithDefault("portico-authorization", List.of());
  static final Context.Key<String> PEER = Context.keyWithDefault("portico-peer", "unknown");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    List<String> values = new ArrayList<>();
    Iterable<String> all = headers.getAll(AUTHORIZATION);
    if (all != null) {
      all.forEach(values::add);
    }
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    Context context =
        Context.current()
            .withValue(AUTHORIZATION_VALUES, List.copyOf(values))
            .withValue(PEER, remote == null ? "unknown" : remote.toString());
    return Contexts.interceptCall(context, call, headers, next);
  }
}
