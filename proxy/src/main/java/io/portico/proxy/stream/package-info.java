/**
 * The stream client: one gRPC stream to the control plane's DP server (TLS), authenticated by the
 * dataplane token, carrying a Hello up and whole {@code ProxyConfig} snapshots down, each answered
 * with Ack or Nack. Replaces Kuma's bootstrap request plus Envoy's ADS stream (spec/core.md §6.6,
 * §6.7).
 *
 * <p>Threading: every state change of {@link io.portico.proxy.stream.ConfigStream} runs on its one
 * stream thread ({@code portico-dp-stream}): gRPC callbacks, reconnect attempts and the calls to
 * the {@link io.portico.proxy.ConfigSink}. Other threads only start it, read its state and close
 * it.
 */
package io.portico.proxy.stream;
