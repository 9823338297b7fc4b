package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;

/**
 * Validates a Timeout (spec/core.md §3.4): sources S1, destinations SVC, {@code conf} required,
 * each present section ({@code tcp}, {@code http}, {@code grpc}) defines at least one timeout, and
 * every defined timeout is greater than 0.
 */
public final class TimeoutValidator implements Validator<TimeoutSpec> {
  static final String EMPTY_SECTION = "at least one timeout in section has to be defined";

  @Override
  public void validate(TimeoutSpec spec, Errors errors) {
    PolicySelectors.withService(Path.of("sources"), spec.sources(), errors);
    PolicySelectors.serviceOnly(Path.of("destinations"), spec.destinations(), errors);
    Path conf = Path.of("conf");
    TimeoutSpec.Conf c = spec.conf();
    if (c == null) {
      errors.add(conf, ConfRules.HAS_TO_BE_DEFINED);
      return;
    }
    ConfRules.positiveWhenSet(conf.field("connectTimeout"), c.connectTimeout(), errors);
    if (c.tcp() != null) {
      Path tcp = conf.field("tcp");
      if (c.tcp().idleTimeout() == null) {
        errors.add(tcp, EMPTY_SECTION);
      }
      ConfRules.positiveWhenSet(tcp.field("idleTimeout"), c.tcp().idleTimeout(), errors);
    }
    if (c.http() != null) {
      Path http = conf.field("http");
      TimeoutSpec.Http h = c.http();
      if (h.requestTimeout() == null
          && h.idleTimeout() == null
          && h.streamIdleTimeout() == null
          && h.maxStreamDuration() == null) {
        errors.add(http, EMPTY_SECTION);
      }
      ConfRules.positiveWhenSet(http.field("requestTimeout"), h.requestTimeout(), errors);
      ConfRules.positiveWhenSet(http.field("idleTimeout"), h.idleTimeout(), errors);
      ConfRules.positiveWhenSet(http.field("streamIdleTimeout"), h.streamIdleTimeout(), errors);
      ConfRules.positiveWhenSet(http.field("maxStreamDuration"), h.maxStreamDuration(), errors);
    }
    if (c.grpc() != null) {
      Path grpc = conf.field("grpc");
      TimeoutSpec.Grpc g = c.grpc();
      if (g.streamIdleTimeout() == null && g.maxStreamDuration() == null) {
        errors.add(grpc, EMPTY_SECTION);
      }
      ConfRules.positiveWhenSet(grpc.field("streamIdleTimeout"), g.streamIdleTimeout(), errors);
      ConfRules.positiveWhenSet(grpc.field("maxStreamDuration"), g.maxStreamDuration(), errors);
    }
  }
}
