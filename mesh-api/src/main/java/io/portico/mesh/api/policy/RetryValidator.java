package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Validates a Retry (spec/core.md §3.4): sources S1, destinations SVC, {@code conf} with at least
 * one of {@code http}, {@code grpc}, {@code tcp}; every number and duration greater than 0 when
 * set; a back-off needs {@code baseInterval}; status codes within [100, 599]; no repeated gRPC
 * condition.
 */
public final class RetryValidator implements Validator<RetrySpec> {
  static final String EMPTY_SECTION = "field cannot be empty";

  @Override
  public void validate(RetrySpec spec, Errors errors) {
    PolicySelectors.withService(Path.of("sources"), spec.sources(), errors);
    PolicySelectors.serviceOnly(Path.of("destinations"), spec.destinations(), errors);
    Path conf = Path.of("conf");
    RetrySpec.Conf c = spec.conf();
    if (c == null) {
      errors.add(conf, ConfRules.HAS_TO_BE_DEFINED);
      return;
    }
    if (c.http() == null && c.grpc() == null && c.tcp() == null) {
      errors.add(conf, "missing protocol [grpc|http|tcp] configuration");
      return;
    }
    if (c.http() != null) {
      http(conf.field("http"), c.http(), errors);
    }
    if (c.grpc() != null) {
      grpc(conf.field("grpc"), c.grpc(), errors);
    }
    if (c.tcp() != null && c.tcp().maxConnectAttempts() <= 0) {
      errors.add(conf.field("tcp").field("maxConnectAttempts"), ConfRules.GREATER_THAN_ZERO);
    }
  }

  private static void http(Path path, RetrySpec.Http http, Errors errors) {
    if (http.numRetries() == null
        && http.perTryTimeout() == null
        && http.backOff() == null
        && http.retriableStatusCodes().isEmpty()
        && http.retriableMethods().isEmpty()
        && http.retryOn().isEmpty()) {
      errors.add(path, EMPTY_SECTION);
    }
    ConfRules.positiveWhenSet(path.field("numRetries"), http.numRetries(), errors);
    ConfRules.positiveWhenSet(path.field("perTryTimeout"), http.perTryTimeout(), errors);
    backOff(path.field("backOff"), http.backOff(), errors);
    for (int i = 0; i < http.retriableStatusCodes().size(); i++) {
      Integer code = http.retriableStatusCodes().get(i);
      if (code == null || code < 100 || code > 599) {
        errors.add(path.field("retriableStatusCodes").index(i), "must be in range [100, 599]");
      }
    }
    for (int i = 0; i < http.retriableMethods().size(); i++) {
      if (http.retriableMethods().get(i) == null) {
        errors.add(path.field("retriableMethods").index(i), EMPTY_SECTION);
      }
    }
    for (int i = 0; i < http.retryOn().size(); i++) {
      if (http.retryOn().get(i) == null) {
        errors.add(path.field("retryOn").index(i), EMPTY_SECTION);
      }
    }
  }

  private static void grpc(Path path, RetrySpec.Grpc grpc, Errors errors) {
    if (grpc.numRetries() == null
        && grpc.perTryTimeout() == null
        && grpc.backOff() == null
        && grpc.retryOn().isEmpty()) {
      errors.add(path, EMPTY_SECTION);
    }
    Map<RetrySpec.GrpcRetryOn, List<Integer>> indexes = new LinkedHashMap<>();
    for (int i = 0; i < grpc.retryOn().size(); i++) {
      RetrySpec.GrpcRetryOn value = grpc.retryOn().get(i);
      if (value == null) {
        errors.add(path.field("retryOn").index(i), EMPTY_SECTION);
      } else {
        indexes.computeIfAbsent(value, v -> new ArrayList<>()).add(i);
      }
    }
    indexes.forEach(
        (value, at) -> {
          if (at.size() > 1) {
            errors.add(
                path.field("retryOn"),
                "repeated value \""
                    + value
                    + "\" at indexes ["
                    + at.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + "]");
          }
        });
    ConfRules.positiveWhenSet(path.field("numRetries"), grpc.numRetries(), errors);
    ConfRules.positiveWhenSet(path.field("perTryTimeout"), grpc.perTryTimeout(), errors);
    backOff(path.field("backOff"), grpc.backOff(), errors);
  }

  private static void backOff(Path path, RetrySpec.BackOff backOff, Errors errors) {
    if (backOff == null) {
      return;
    }
    ConfRules.requiredPositive(path.field("baseInterval"), backOff.baseInterval(), errors);
    ConfRules.positiveWhenSet(path.field("maxInterval"), backOff.maxInterval(), errors);
  }
}
