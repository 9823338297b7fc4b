package io.portico.proxy.config;

import io.portico.proxy.api.v1.HeaderValue;
import io.portico.proxy.api.v1.RateLimit;
import io.portico.proxy.api.v1.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates and compiles the Retry and RateLimit parts of a route's {@code RoutePolicy} (spec
 * gateway.md §4.5), collecting every problem as {@code path: message}.
 *
 * <ul>
 *   <li>Retry: {@code num_retries} is capped at {@link #MAX_RETRIES}; an empty {@code retry_on}
 *       means Envoy's {@code gateway-error,connect-failure,refused-stream} when the policy has no
 *       {@code retriable_status_codes}, else {@code retriable-status-codes}; {@code
 *       retriable-headers} and {@code http3-post-connect-failure} are accepted and never trigger
 *       (no request headers are configured and there is no HTTP/3); back-off defaults to base 25 ms
 *       and max 10 × base.
 *   <li>RateLimit: {@code requests} and {@code interval} must be positive; status 0 means 429.
 * </ul>
 */
final class RoutePolicyCompiler {
  /** Retries beyond this many are not tried (a guard, not a Kuma limit). */
  static final int MAX_RETRIES = 100;

  private static final Set<String> ACCEPTED_UNUSED =
      Set.of("retriable-headers", "http3-post-connect-failure");
  private static final Set<String> METHODS =
      Set.of("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE");

  private RoutePolicyCompiler() {}

  static RetryConfig retry(String path, RetryPolicy retry, List<String> errors) {
    Set<RetryConfig.Condition> retryOn = EnumSet.noneOf(RetryConfig.Condition.class);
    for (int i = 0; i < retry.getRetryOnCount(); i++) {
      String name = retry.getRetryOn(i);
      RetryConfig.Condition condition = RetryConfig.Condition.ofWireName(name);
      if (condition != null) {
        retryOn.add(condition);
      } else if (!ACCEPTED_UNUSED.contains(name)) {
        errors.add(
            path
                + ".retry_on["
                + i
                + "]: unknown condition \""
                + name
                + "\", expected one of "
                + new TreeSet<>(conditionNames()));
      }
    }
    if (retry.getRetryOnCount() == 0) {
      if (retry.getRetriableStatusCodesCount() > 0) {
        retryOn.add(RetryConfig.Condition.RETRIABLE_STATUS_CODES);
      } else {
        retryOn.add(RetryConfig.Condition.GATEWAY_ERROR);
        retryOn.add(RetryConfig.Condition.CONNECT_FAILURE);
        retryOn.add(RetryConfig.Condition.REFUSED_STREAM);
      }
    }
    BitSet statuses = new BitSet(600);
    for (int i = 0; i < retry.getRetriableStatusCodesCount(); i++) {
      int status = retry.getRetriableStatusCodes(i);
      if (status < 100 || status > 599) {
        errors.add(
            path
                + ".retriable_status_codes["
                + i
                + "]: must be in inclusive range [100, 599], got "
                + Integer.toUnsignedString(status));
      } else {
        statuses.set(status);
      }
    }
    List<String> methods = new ArrayList<>();
    for (int i = 0; i < retry.getRetriableMethodsCount(); i++) {
      String method = retry.getRetriableMethods(i);
      if (!METHODS.contains(method)) {
        errors.add(
            path
                + ".retriable_methods["
                + i
                + "]: unknown method \""
                + method
                + "\", expected one of "
                + new TreeSet<>(METHODS));
      } else {
        methods.add(method);
      }
    }
    Duration perTry = duration(path + ".per_try_timeout", retry.getPerTryTimeout(), errors);
    Duration base = RetryConfig.DEFAULT_BASE_INTERVAL;
    if (retry.hasBaseInterval()) {
      base = duration(path + ".base_interval", retry.getBaseInterval(), errors);
      if (base.isZero()) {
        errors.add(path + ".base_interval: must be greater than 0");
        base = RetryConfig.DEFAULT_BASE_INTERVAL;
      }
    }
    Duration max = base.multipliedBy(10);
    if (retry.hasMaxInterval()) {
      max = duration(path + ".max_interval", retry.getMaxInterval(), errors);
      if (max.compareTo(base) < 0) {
        errors.add(
            path + ".max_interval: must not be less than base_interval (" + base + "), got " + max);
        max = base;
      }
    }
    int numRetries = (int) Math.min(Integer.toUnsignedLong(retry.getNumRetries()), MAX_RETRIES);
    return new RetryConfig(
        numRetries,
        perTry,
        base,
        max,
        retryOn,
        statuses,
        methods.isEmpty() ? Set.of() : Set.copyOf(methods));
  }

  /**
   * The rate limit of the route entry {@code key}, appended to {@code slots} (its index there is
   * its slot) when valid.
   */
  static RateLimitConfig rateLimit(
      String path, String key, RateLimit limit, List<RateLimitConfig> slots, List<String> errors) {
    int before = errors.size();
    long requests = Integer.toUnsignedLong(limit.getRequests());
    if (requests == 0) {
      errors.add(path + ".requests: must be greater than 0");
    }
    int beforeInterval = errors.size();
    Duration interval = duration(path + ".interval", limit.getInterval(), errors);
    if (interval.isZero() && errors.size() == beforeInterval) {
      errors.add(path + ".interval: must be greater than 0");
    }
    int status = limit.getStatus() == 0 ? 429 : limit.getStatus();
    if (status < 200 || status > 599) {
      errors.add(
          path
              + ".status: must be in inclusive range [200, 599], got "
              + Integer.toUnsignedString(limit.getStatus()));
    }
    List<Header> set = headers(path + ".headers", limit.getHeadersList(), errors);
    List<Header> add = headers(path + ".add_headers", limit.getAddHeadersList(), errors);
    if (errors.size() != before) {
      return null;
    }
    RateLimitConfig compiled =
        new RateLimitConfig(slots.size(), key, requests, interval, status, set, add);
    slots.add(compiled);
    return compiled;
  }

  private static List<Header> headers(String path, List<HeaderValue> values, List<String> errors) {
    List<Header> headers = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      HeaderValue value = values.get(i);
      if (value.getName().isEmpty()
          || !value.getName().chars().allMatch(RoutePolicyCompiler::isTokenChar)) {
        errors.add(path + "[" + i + "].name: invalid header name \"" + value.getName() + "\"");
      } else if (value.getValue().indexOf('\r') >= 0 || value.getValue().indexOf('\n') >= 0) {
        errors.add(path + "[" + i + "].value: must not contain CR or LF");
      } else {
        headers.add(new Header(value.getName(), value.getValue()));
      }
    }
    return headers;
  }

  private static boolean isTokenChar(int c) {
    return (c >= '0' && c <= '9')
        || (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || "!#$%&'*+.^_`|~-".indexOf(c) >= 0;
  }

  private static Duration duration(
      String path, com.google.protobuf.Duration value, List<String> errors) {
    if (value.getSeconds() < 0 || value.getNanos() < 0) {
      errors.add(path + ": must not be negative");
      return Duration.ZERO;
    }
    return Duration.ofSeconds(value.getSeconds(), value.getNanos());
  }

  private static List<String> conditionNames() {
    List<String> names = new ArrayList<>();
    for (RetryConfig.Condition c : RetryConfig.Condition.values()) {
      names.add(c.wireName());
    }
    names.addAll(ACCEPTED_UNUSED);
    return names;
  }
}
