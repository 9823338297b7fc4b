package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.HttpRules;
import io.portico.mesh.api.validation.Path;
import java.util.Base64;

/**
 * Validates a HealthCheck (spec/core.md §3.4): sources S1, destinations SVC, {@code conf} required
 * with {@code interval} and {@code timeout} greater than 0, thresholds greater than 0, optional
 * jitters greater than 0, {@code healthyPanicThreshold} within [0, 100], and either {@code tcp}
 * (base64 payloads) or {@code http} (with a path and statuses in [100, 600)), not both.
 */
public final class HealthCheckValidator implements Validator<HealthCheckSpec> {
  @Override
  public void validate(HealthCheckSpec spec, Errors errors) {
    PolicySelectors.withService(Path.of("sources"), spec.sources(), errors);
    PolicySelectors.serviceOnly(Path.of("destinations"), spec.destinations(), errors);
    Path conf = Path.of("conf");
    HealthCheckSpec.Conf c = spec.conf();
    if (c == null) {
      errors.add(conf, ConfRules.HAS_TO_BE_DEFINED);
      return;
    }
    ConfRules.requiredPositive(conf.field("interval"), c.interval(), errors);
    ConfRules.requiredPositive(conf.field("timeout"), c.timeout(), errors);
    if (c.unhealthyThreshold() <= 0) {
      errors.add(conf.field("unhealthyThreshold"), ConfRules.GREATER_THAN_ZERO);
    }
    if (c.healthyThreshold() <= 0) {
      errors.add(conf.field("healthyThreshold"), ConfRules.GREATER_THAN_ZERO);
    }
    ConfRules.positiveWhenSet(conf.field("initialJitter"), c.initialJitter(), errors);
    ConfRules.positiveWhenSet(conf.field("intervalJitter"), c.intervalJitter(), errors);
    ConfRules.positiveWhenSet(conf.field("noTrafficInterval"), c.noTrafficInterval(), errors);
    ConfRules.percentage(
        conf.field("intervalJitterPercent"),
        c.intervalJitterPercent(),
        "must be in range [0 - 100]",
        errors);
    ConfRules.percentage(
        conf.field("healthyPanicThreshold"),
        c.healthyPanicThreshold(),
        "must be in range [0.0 - 100.0]",
        errors);
    if (c.tcp() != null && c.http() != null) {
      errors.add(conf, "http and tcp cannot be defined at the same time");
    }
    if (c.tcp() != null) {
      tcp(conf.field("tcp"), c.tcp(), errors);
    }
    if (c.http() != null) {
      http(conf.field("http"), c.http(), errors);
    }
  }

  private static void tcp(Path path, HealthCheckSpec.Tcp tcp, Errors errors) {
    base64(path.field("send"), tcp.send(), errors);
    for (int i = 0; i < tcp.receive().size(); i++) {
      String chunk = tcp.receive().get(i);
      if (chunk == null || chunk.isEmpty()) {
        errors.add(path.field("receive").index(i), ConfRules.CANNOT_BE_EMPTY);
      } else {
        base64(path.field("receive").index(i), chunk, errors);
      }
    }
  }

  private static void base64(Path path, String value, Errors errors) {
    try {
      Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      errors.add(path, "must be base64-encoded bytes");
    }
  }

  private static void http(Path path, HealthCheckSpec.Http http, Errors errors) {
    if (http.path().isEmpty()) {
      errors.add(path.field("path"), "has to be defined and cannot be empty");
    }
    HttpRules.absolutePath(path.field("path"), http.path(), errors);
    for (int i = 0; i < http.expectedStatuses().size(); i++) {
      Integer status = http.expectedStatuses().get(i);
      if (status == null || status < 100 || status >= 600) {
        errors.add(path.field("expectedStatuses").index(i), "must be in range [100, 600)");
      }
    }
    for (int i = 0; i < http.requestHeadersToAdd().size(); i++) {
      Path header = path.field("requestHeadersToAdd").index(i).field("header");
      HealthCheckSpec.HeaderValueOption option = http.requestHeadersToAdd().get(i);
      if (option == null || option.header() == null) {
        errors.add(header, ConfRules.HAS_TO_BE_DEFINED);
      } else if (option.header().key().isEmpty()) {
        errors.add(header.field("key"), ConfRules.CANNOT_BE_EMPTY);
      } else {
        HttpRules.headerName(header.field("key"), option.header().key(), errors);
        HttpRules.headerValue(header.field("value"), option.header().value(), errors);
      }
    }
  }
}
