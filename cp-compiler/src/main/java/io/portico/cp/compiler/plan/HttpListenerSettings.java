package io.portico.cp.compiler.plan;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Connection-manager behaviour of an HTTP listener.
 *
 * @param edge whether the TCP peer is the client (X-Forwarded-For/-Proto are set)
 * @param serverHeader value of the {@code server} response header; empty = the upstream's
 * @param stripRequestHeaders request headers removed from every incoming request
 * @param forwardHeaders headers added to every request forwarded upstream
 * @param requestHeadersTimeout time allowed to receive the request headers; null = proxy default
 * @param idleTimeout connection idle timeout; null = proxy default
 */
public record HttpListenerSettings(
    boolean edge,
    String serverHeader,
    List<String> stripRequestHeaders,
    List<Header> forwardHeaders,
    Duration requestHeadersTimeout,
    Duration idleTimeout) {
  /** The header through which destinations learn the caller's tags (spec/gateway.md §2.6). */
  public static final String KUMA_TAGS_HEADER = "x-kuma-tags";

  /** The {@code server} header of gateway responses (spec/gateway.md §2.6, decisions table). */
  public static final String GATEWAY_SERVER_HEADER = "Portico Gateway";

  public HttpListenerSettings {
    serverHeader = serverHeader == null ? "" : serverHeader;
    stripRequestHeaders = List.copyOf(stripRequestHeaders);
    forwardHeaders = List.copyOf(forwardHeaders);
  }

  /**
   * A builtin gateway's HTTP listener (spec/gateway.md §2.6): edge mode, {@code server: Portico
   * Gateway}, client-supplied {@code x-kuma-tags} stripped and the gateway's own added on forwards,
   * 500 ms to receive the request headers, 5 min connection idle timeout.
   *
   * @param gatewayTags the gateway dataplane's {@code networking.gateway.tags}
   */
  public static HttpListenerSettings gateway(Map<String, String> gatewayTags) {
    return new HttpListenerSettings(
        true,
        GATEWAY_SERVER_HEADER,
        List.of(KUMA_TAGS_HEADER),
        List.of(kumaTagsHeader(singleValued(gatewayTags))),
        Duration.ofMillis(500),
        Duration.ofMinutes(5));
  }

  /**
   * A sidecar's (or delegated gateway's) outbound listener: not an edge, upstream {@code server}
   * kept, the caller's {@code x-kuma-tags} replaced by this dataplane's tags.
   *
   * @param sourceTags every value of every tag of the dataplane (all inbounds, or the gateway tags)
   */
  public static HttpListenerSettings outbound(
      Map<String, ? extends Collection<String>> sourceTags) {
    return new HttpListenerSettings(
        false, "", List.of(KUMA_TAGS_HEADER), List.of(kumaTagsHeader(sourceTags)), null, null);
  }

  /** A sidecar's inbound listener: passes requests (and their {@code x-kuma-tags}) unchanged. */
  public static HttpListenerSettings inbound() {
    return new HttpListenerSettings(false, "", List.of(), List.of(), null, null);
  }

  /**
   * The {@code x-kuma-tags} header: {@code &k1=v1&&k2=v2&}, keys sorted, several values of one key
   * joined by commas in sorted order (spec/gateway.md §2.6, Kuma's {@code MultiValueTagSet}).
   */
  public static Header kumaTagsHeader(Map<String, ? extends Collection<String>> tags) {
    StringBuilder value = new StringBuilder();
    new TreeMap<>(tags)
        .forEach(
            (key, values) ->
                value
                    .append('&')
                    .append(key)
                    .append('=')
                    .append(String.join(",", values.stream().sorted().distinct().toList()))
                    .append('&'));
    return new Header(KUMA_TAGS_HEADER, value.toString());
  }

  private static SortedMap<String, List<String>> singleValued(Map<String, String> tags) {
    SortedMap<String, List<String>> out = new TreeMap<>();
    tags.forEach((k, v) -> out.put(k, List.of(v)));
    return out;
  }
}
