package io.portico.mesh.api.policy;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceMeta;
import io.portico.mesh.api.ValidationContext;
import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.HttpRules;
import io.portico.mesh.api.validation.Path;
import io.portico.mesh.api.validation.TagRules;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Validates a RateLimit (spec/core.md §3.4): sources S2, destinations S2, {@code conf.http} with
 * {@code requests} and {@code interval} greater than 0, an answer status within [100, 599] and
 * named headers. With access to the mesh, a destination naming an ExternalService's service must
 * select by {@code kuma.io/service} only (the limit then runs on the caller's outbound).
 */
public final class RateLimitValidator implements Validator<RateLimitSpec> {
  static final String EXTERNAL_SERVICE_ONLY =
      "must consist of exactly one tag \""
          + TagRules.SERVICE
          + "\" when the destination is an ExternalService";

  @Override
  public void validate(RateLimitSpec spec, Errors errors) {
    PolicySelectors.anyTags(Path.of("sources"), spec.sources(), errors);
    PolicySelectors.anyTags(Path.of("destinations"), spec.destinations(), errors);
    Path conf = Path.of("conf");
    if (spec.conf() == null) {
      errors.add(conf, "must have conf");
      return;
    }
    Path http = conf.field("http");
    RateLimitSpec.Http h = spec.conf().http();
    if (h == null) {
      errors.add(http, ConfRules.HAS_TO_BE_DEFINED);
      return;
    }
    if (h.requests() <= 0) {
      errors.add(http.field("requests"), ConfRules.GREATER_THAN_ZERO);
    }
    ConfRules.requiredPositive(http.field("interval"), h.interval(), errors);
    if (h.onRateLimit() != null) {
      Path on = http.field("onRateLimit");
      Integer status = h.onRateLimit().status();
      if (status != null && (status < 100 || status > 599)) {
        errors.add(on.field("status"), "must be in range [100, 599]");
      }
      for (int i = 0; i < h.onRateLimit().headers().size(); i++) {
        Path header = on.field("headers").index(i);
        RateLimitSpec.HeaderValue value = h.onRateLimit().headers().get(i);
        if (value == null || value.key().isEmpty()) {
          errors.add(header.field("key"), ConfRules.CANNOT_BE_EMPTY);
        }
        if (value == null || value.value().isEmpty()) {
          errors.add(header.field("value"), ConfRules.CANNOT_BE_EMPTY);
        }
        if (value != null) {
          HttpRules.headerName(header.field("key"), value.key(), errors);
          HttpRules.headerValue(header.field("value"), value.value(), errors);
        }
      }
    }
  }

  @Override
  public void validate(
      RateLimitSpec spec, ResourceMeta meta, ValidationContext context, Errors errors) {
    validate(spec, errors);
    Set<String> externalServices = new HashSet<>();
    for (Resource<?> r : context.list("ExternalService", meta.mesh())) {
      if (r.spec() instanceof ExternalServiceSpec es) {
        externalServices.add(es.tags().getOrDefault(TagRules.SERVICE, ""));
      }
    }
    for (int i = 0; i < spec.destinations().size(); i++) {
      Map<String, String> match = PolicySelectors.match(spec.destinations().get(i));
      String service = match.get(TagRules.SERVICE);
      if (service != null && externalServices.contains(service) && match.size() != 1) {
        errors.add(Path.of("destinations").index(i).field("match"), EXTERNAL_SERVICE_ONLY);
      }
    }
  }
}
