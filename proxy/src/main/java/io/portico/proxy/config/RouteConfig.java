package io.portico.proxy.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A compiled route: its action, header mutations, mirrors and policy.
 *
 * @param timeout the whole-request timeout, from the end of the request to the end of the response;
 *     {@link Duration#ZERO} = none
 * @param connectRetries how many more endpoints are tried when a connection cannot be made
 */
public record RouteConfig(
    String name,
    RouteAction action,
    HeaderMutation requestHeaders,
    HeaderMutation responseHeaders,
    List<MirrorConfig> mirrors,
    Duration timeout,
    int connectRetries) {
  public RouteConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(requestHeaders, "requestHeaders");
    Objects.requireNonNull(responseHeaders, "responseHeaders");
    mirrors = List.copyOf(mirrors);
    Objects.requireNonNull(timeout, "timeout");
  }
}
