package io.portico.testing.controlplane;

import io.portico.proxy.api.v1.Hello;
import java.util.List;
import java.util.Objects;

/**
 * One stream as the fake control plane saw it open.
 *
 * @param stream the stream's sequence number, from 1, across restarts
 * @param authorization every {@code authorization} metadata value the stream carried (a proxy sends
 *     exactly one)
 * @param hello the stream's first message
 */
public record ConnectedProxy(int stream, List<String> authorization, Hello hello) {
  public ConnectedProxy {
    authorization = List.copyOf(authorization);
    Objects.requireNonNull(hello, "hello");
  }
}
