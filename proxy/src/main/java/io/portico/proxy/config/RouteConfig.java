package io.portico.proxy.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A compiled route: its action, header mutations, mirrors and policy.
 *
 * @param timeout the whole-request timeout, from the end of the request to the end of the response;
 *     {@link Duration#ZERO} = none
 * @param retry when and how a failed try is tried again ({@link RetryConfig#NONE}: never)
 * @param rateLimit the route entry's local rate limit; {@code null} = none
 */
public record RouteConfig(
    String name,
    RouteAction action,
    HeaderMutation requestHeaders,
    HeaderMutation responseHeaders,
    List<MirrorConfig> mirrors,
    Duration timeout,
    RetryConfig retry,
    RateLimitConfig rateLimit) {
  public RouteConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(requestHeaders, "requestHeaders");
    Objects.requireNonNull(responseHeaders, "responseHeaders");
    mirrors = List.copyOf(mirrors);
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(retry, "retry");
  }
}
