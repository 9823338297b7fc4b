package io.portico.cp.compiler.emit;

import io.portico.cp.compiler.plan.RoutePolicyPlan;
import io.portico.cp.compiler.plan.RoutePolicyPlan.RetryProtocol;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.policy.RateLimitSpec;
import io.portico.mesh.api.policy.RetrySpec;
import io.portico.proxy.api.v1.HeaderValue;
import io.portico.proxy.api.v1.RateLimit;
import io.portico.proxy.api.v1.RetryPolicy;
import io.portico.proxy.api.v1.RoutePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes a route's policies (spec/gateway.md §4.5):
 *
 * <ul>
 *   <li>Timeout: the route timeout of the plan (zero = disabled; none = proxy default 15 s).
 *   <li>Retry, HTTP section: {@code retryOn} mapped to the proxy's names ({@code all_5xx} → {@code
 *       5xx}, others with {@code _} → {@code -}); without it, {@code retriableStatusCodes} switch
 *       the trigger to {@code retriable-status-codes}; without either, {@link
 *       #DEFAULT_HTTP_RETRY_ON}. {@code numRetries} (default 1), {@code perTryTimeout}, back-off
 *       (only with a base interval; max defaults to 10 × base and is never less than the base),
 *       retriable methods.
 *   <li>Retry, gRPC section: its conditions with {@code _} → {@code -} (none = all five), and the
 *       same counters. A route whose section is absent gets no retry.
 *   <li>RateLimit: {@code conf.http}: requests per interval, the answer's status (default 429, also
 *       for a 1xx, which cannot end a request) and headers: set when {@code append: false}, added
 *       otherwise (Envoy's {@code HeaderValueOption.append} defaults to true).
 * </ul>
 */
final class RoutePolicyEmitter {
  /** HTTP retry conditions when a Retry lists none (spec/core.md §3.4). */
  static final List<String> DEFAULT_HTTP_RETRY_ON =
      List.of("gateway-error", "connect-failure", "refused-stream");

  /** gRPC retry conditions when a Retry lists none. */
  static final List<String> DEFAULT_GRPC_RETRY_ON =
      List.of("cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable");

  private RoutePolicyEmitter() {}

  static Optional<RoutePolicy> emit(RoutePolicyPlan plan) {
    RoutePolicy.Builder policy = RoutePolicy.newBuilder();
    if (plan.timeout() != null) {
      policy.setTimeout(ProxyConfigEmitter.duration(plan.timeout()));
    }
    retry(plan.retry(), plan.retryProtocol()).ifPresent(policy::setRetry);
    rateLimit(plan.rateLimit()).ifPresent(policy::setRateLimit);
    RoutePolicy built = policy.build();
    return built.equals(RoutePolicy.getDefaultInstance()) ? Optional.empty() : Optional.of(built);
  }

  static Optional<RetryPolicy> retry(Resource<RetrySpec> retry, RetryProtocol protocol) {
    if (retry == null || retry.spec().conf() == null) {
      return Optional.empty();
    }
    RetrySpec.Conf conf = retry.spec().conf();
    RetryPolicy.Builder out = RetryPolicy.newBuilder();
    if (protocol == RetryProtocol.GRPC) {
      RetrySpec.Grpc grpc = conf.grpc();
      if (grpc == null) {
        return Optional.empty();
      }
      counters(out, grpc.numRetries(), grpc.perTryTimeout(), grpc.backOff());
      if (grpc.retryOn().isEmpty()) {
        out.addAllRetryOn(DEFAULT_GRPC_RETRY_ON);
      } else {
        grpc.retryOn().stream()
            .filter(c -> c != null)
            .forEach(c -> out.addRetryOn(c.name().replace('_', '-')));
      }
      return Optional.of(out.build());
    }
    RetrySpec.Http http = conf.http();
    if (http == null) {
      return Optional.empty();
    }
    counters(out, http.numRetries(), http.perTryTimeout(), http.backOff());
    List<Integer> statuses = http.retriableStatusCodes().stream().filter(s -> s != null).toList();
    if (!http.retryOn().isEmpty()) {
      http.retryOn().stream().filter(c -> c != null).forEach(c -> out.addRetryOn(retryOn(c)));
      if (!statuses.isEmpty() && !out.getRetryOnList().contains("retriable-status-codes")) {
        out.addRetryOn("retriable-status-codes");
      }
    } else if (!statuses.isEmpty()) {
      out.addRetryOn("retriable-status-codes");
    } else {
      out.addAllRetryOn(DEFAULT_HTTP_RETRY_ON);
    }
    statuses.forEach(out::addRetriableStatusCodes);
    http.retriableMethods().stream()
        .filter(m -> m != null)
        .forEach(m -> out.addRetriableMethods(m.name()));
    return Optional.of(out.build());
  }

  private static String retryOn(RetrySpec.HttpRetryOn condition) {
    return condition == RetrySpec.HttpRetryOn.all_5xx
        ? "5xx"
        : condition.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static void counters(
      RetryPolicy.Builder out, Integer numRetries, Duration perTry, RetrySpec.BackOff backOff) {
    out.setNumRetries(numRetries == null ? 1 : Math.max(0, numRetries));
    if (perTry != null && !perTry.isZero()) {
      out.setPerTryTimeout(ProxyConfigEmitter.duration(perTry));
    }
    if (backOff != null && backOff.baseInterval() != null && isPositive(backOff.baseInterval())) {
      out.setBaseInterval(ProxyConfigEmitter.duration(backOff.baseInterval()));
      Duration max =
          isPositive(backOff.maxInterval())
              ? backOff.maxInterval()
              : backOff.baseInterval().multipliedBy(10);
      if (max.compareTo(backOff.baseInterval()) < 0) {
        // The validator allows it, Envoy (and the proxy) do not: never wait less than the base.
        max = backOff.baseInterval();
      }
      out.setMaxInterval(ProxyConfigEmitter.duration(max));
    }
  }

  private static boolean isPositive(Duration d) {
    return d != null && !d.isZero() && !d.isNegative();
  }

  static Optional<RateLimit> rateLimit(Resource<RateLimitSpec> rateLimit) {
    if (rateLimit == null
        || rateLimit.spec().conf() == null
        || rateLimit.spec().conf().http() == null) {
      return Optional.empty();
    }
    RateLimitSpec.Http http = rateLimit.spec().conf().http();
    RateLimit.Builder out = RateLimit.newBuilder().setRequests(Math.max(0, http.requests()));
    if (http.interval() != null) {
      out.setInterval(ProxyConfigEmitter.duration(http.interval()));
    }
    RateLimitSpec.OnRateLimit answer = http.onRateLimit();
    // A 1xx cannot end a request (the validator allows [100, 599]): such a status answers 429.
    out.setStatus(
        answer == null || answer.status() == null || answer.status() < 200 ? 429 : answer.status());
    if (answer != null) {
      for (RateLimitSpec.HeaderValue h : answer.headers()) {
        if (h == null) {
          continue;
        }
        HeaderValue header = HeaderValue.newBuilder().setName(h.key()).setValue(h.value()).build();
        if (Boolean.FALSE.equals(h.append())) {
          out.addHeaders(header);
        } else {
          out.addAddHeaders(header);
        }
      }
    }
    return Optional.of(out.build());
  }
}
