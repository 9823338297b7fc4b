package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import io.portico.mesh.api.validation.TagRules;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a FaultInjection (spec/core.md §3.4): sources S2, destinations S2 where every selector
 * carries {@code kuma.io/protocol} {@code http}, {@code http2} or {@code grpc}; {@code conf} with
 * at least one non-empty fault, each with a percentage within [0, 100] and its value.
 */
public final class FaultInjectionValidator implements Validator<FaultInjectionSpec> {
  static final List<String> PROTOCOLS = List.of("http", "http2", "grpc");
  static final String PERCENTAGE = "has to be in [0.0 - 100.0] range";
  private static final Pattern LIMIT = Pattern.compile("^\\d+\\s?[kmg]bps$");

  /** HTTP statuses with a standard reason phrase, as Go's {@code http.StatusText} knows them. */
  private static final Set<Integer> KNOWN_STATUSES =
      Set.of(
          100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303,
          304, 305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413,
          414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502,
          503, 504, 505, 506, 507, 508, 510, 511);

  @Override
  public void validate(FaultInjectionSpec spec, Errors errors) {
    PolicySelectors.anyTags(Path.of("sources"), spec.sources(), errors);
    Path destinations = Path.of("destinations");
    PolicySelectors.anyTags(destinations, spec.destinations(), errors);
    for (int i = 0; i < spec.destinations().size(); i++) {
      protocol(
          destinations.index(i).field("match"),
          PolicySelectors.match(spec.destinations().get(i)),
          errors);
    }
    conf(Path.of("conf"), spec.conf(), errors);
  }

  private static void protocol(Path path, Map<String, String> match, Errors errors) {
    String protocol = match.get(TagRules.PROTOCOL);
    if (protocol == null) {
      errors.add(path, "protocol must be specified");
    } else if (!PROTOCOLS.contains(protocol)) {
      errors.add(
          path.key(TagRules.PROTOCOL), "must be one of the [" + String.join(", ", PROTOCOLS) + "]");
    }
  }

  private static void conf(Path path, FaultInjectionSpec.Conf conf, Errors errors) {
    FaultInjectionSpec.Delay delay = conf == null ? null : conf.delay();
    FaultInjectionSpec.Abort abort = conf == null ? null : conf.abort();
    FaultInjectionSpec.ResponseBandwidth bandwidth = conf == null ? null : conf.responseBandwidth();
    boolean hasDelay = delay != null && !delay.equals(new FaultInjectionSpec.Delay(null, null));
    boolean hasAbort = abort != null && !abort.equals(new FaultInjectionSpec.Abort(null, null));
    boolean hasBandwidth =
        bandwidth != null
            && !bandwidth.equals(new FaultInjectionSpec.ResponseBandwidth(null, null));
    if (!hasDelay && !hasAbort && !hasBandwidth) {
      errors.add(path, "must have at least one of the faults configured");
      return;
    }
    if (hasDelay) {
      Path at = path.field("delay");
      percentage(at, delay.percentage(), errors);
      if (delay.value() == null) {
        errors.add(at.field("value"), ConfRules.CANNOT_BE_EMPTY);
      } else if (delay.value().isNegative()) {
        errors.add(at.field("value"), "must not be negative");
      }
    }
    if (hasAbort) {
      Path at = path.field("abort");
      percentage(at, abort.percentage(), errors);
      if (abort.httpStatus() == null) {
        errors.add(at.field("httpStatus"), ConfRules.CANNOT_BE_EMPTY);
      } else if (!KNOWN_STATUSES.contains(abort.httpStatus())) {
        errors.add(at.field("httpStatus"), "http status code is incorrect");
      }
    }
    if (hasBandwidth) {
      Path at = path.field("responseBandwidth");
      percentage(at, bandwidth.percentage(), errors);
      if (bandwidth.limit() == null) {
        errors.add(at.field("limit"), ConfRules.CANNOT_BE_EMPTY);
      } else if (!LIMIT.matcher(bandwidth.limit()).matches()) {
        errors.add(at.field("limit"), "has to be in kbps/mbps/gbps units");
      }
    }
  }

  private static void percentage(Path fault, Double percentage, Errors errors) {
    if (percentage == null) {
      errors.add(fault.field("percentage"), ConfRules.CANNOT_BE_EMPTY);
    } else {
      ConfRules.percentage(fault.field("percentage"), percentage, PERCENTAGE, errors);
    }
  }
}
