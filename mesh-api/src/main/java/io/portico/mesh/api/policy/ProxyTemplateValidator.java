package io.portico.mesh.api.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.portico.mesh.api.Validator;
import io.portico.mesh.api.policy.ProxyTemplateSpec.ClusterModification;
import io.portico.mesh.api.policy.ProxyTemplateSpec.FilterMatch;
import io.portico.mesh.api.policy.ProxyTemplateSpec.ListenerModification;
import io.portico.mesh.api.policy.ProxyTemplateSpec.Modification;
import io.portico.mesh.api.policy.ProxyTemplateSpec.RawResource;
import io.portico.mesh.api.policy.ProxyTemplateSpec.VirtualHostModification;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import io.portico.mesh.api.validation.TagRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates a ProxyTemplate (spec/core.md §3.4): selectors S2; imports among the known profiles;
 * raw resources with a name, a version and a YAML object; each modification of exactly one kind
 * with a known operation, the match its operation needs, a known origin, and a YAML object value
 * where one is used. Envoy resources are not checked against the Envoy protos.
 */
public final class ProxyTemplateValidator implements Validator<ProxyTemplateSpec> {
  /** Profiles that can be imported, sorted. */
  static final List<String> PROFILES =
      List.of("default-proxy", "egress-proxy", "gateway-proxy", "ingress-proxy");

  /** Generators a match {@code origin} can name. */
  static final List<String> ORIGINS =
      List.of(
          "inbound",
          "outbound",
          "transparent",
          "prometheus",
          "direct-access",
          "ingress",
          "gateway",
          "egress");

  private static final List<String> RESOURCE_OPERATIONS = List.of("add", "patch", "remove");
  private static final List<String> FILTER_OPERATIONS =
      List.of("addFirst", "addLast", "addBefore", "addAfter", "patch", "remove");
  private static final ObjectMapper YAML = new YAMLMapper();

  @Override
  public void validate(ProxyTemplateSpec spec, Errors errors) {
    PolicySelectors.anyTags(Path.of("selectors"), spec.selectors(), errors);
    if (spec.conf() == null) {
      return;
    }
    Path conf = Path.of("conf");
    List<String> imports = spec.conf().imports();
    for (int i = 0; i < imports.size(); i++) {
      String profile = imports.get(i);
      if (profile == null || profile.isEmpty()) {
        errors.add(conf.field("imports").index(i), "cannot be empty");
      } else if (!PROFILES.contains(profile)) {
        errors.add(
            conf.field("imports").index(i),
            "profile not found. Available profiles: " + String.join(",", PROFILES));
      }
    }
    List<RawResource> resources = spec.conf().resources();
    for (int i = 0; i < resources.size(); i++) {
      Path at = conf.field("resources").index(i);
      RawResource r =
          resources.get(i) == null ? new RawResource(null, null, null) : resources.get(i);
      if (r.name().isEmpty()) {
        errors.add(at.field("name"), "cannot be empty");
      }
      if (r.version().isEmpty()) {
        errors.add(at.field("version"), "cannot be empty");
      }
      yamlObject(at.field("resource"), r.resource(), errors);
    }
    List<Modification> modifications = spec.conf().modifications();
    for (int i = 0; i < modifications.size(); i++) {
      modification(conf.field("modifications").index(i), modifications.get(i), errors);
    }
  }

  private static void modification(Path path, Modification m, Errors errors) {
    List<String> kinds = new ArrayList<>();
    if (m != null) {
      if (m.cluster() != null) {
        kinds.add("cluster");
        cluster(path.field("cluster"), m.cluster(), errors);
      }
      if (m.listener() != null) {
        kinds.add("listener");
        listener(path.field("listener"), m.listener(), errors);
      }
      if (m.networkFilter() != null) {
        kinds.add("networkFilter");
        filter(
            path.field("networkFilter"),
            m.networkFilter().match(),
            m.networkFilter().operation(),
            m.networkFilter().value(),
            errors);
      }
      if (m.httpFilter() != null) {
        kinds.add("httpFilter");
        filter(
            path.field("httpFilter"),
            m.httpFilter().match(),
            m.httpFilter().operation(),
            m.httpFilter().value(),
            errors);
      }
      if (m.virtualHost() != null) {
        kinds.add("virtualHost");
        virtualHost(path.field("virtualHost"), m.virtualHost(), errors);
      }
    }
    if (kinds.size() != 1) {
      errors.add(
          path,
          "exactly one of cluster, listener, networkFilter, httpFilter, virtualHost must be set");
    }
  }

  private static void cluster(Path path, ClusterModification m, Errors errors) {
    if (!operation(path, m.operation(), RESOURCE_OPERATIONS, errors)) {
      return;
    }
    if (m.match() != null) {
      if (m.operation().equals("add")) {
        errors.add(path.field("match"), "cannot be defined");
      }
      origin(path.field("match"), m.match().origin(), errors);
    }
    value(path, m.operation(), m.value(), errors);
  }

  private static void listener(Path path, ListenerModification m, Errors errors) {
    if (!operation(path, m.operation(), RESOURCE_OPERATIONS, errors)) {
      return;
    }
    if (m.match() != null) {
      if (m.operation().equals("add")) {
        errors.add(path.field("match"), "cannot be defined");
      }
      origin(path.field("match"), m.match().origin(), errors);
      matchTags(path.field("match").field("tags"), m.match().tags(), errors);
    }
    value(path, m.operation(), m.value(), errors);
  }

  private static void filter(
      Path path, FilterMatch match, String operation, String value, Errors errors) {
    if (!operation(path, operation, FILTER_OPERATIONS, errors)) {
      return;
    }
    String name = match == null ? "" : match.name();
    if (name.isEmpty()) {
      switch (operation) {
        case "addBefore" ->
            errors.add(
                path.field("match").field("name"),
                "cannot be empty. You need to pick a filter before which this one will be added");
        case "addAfter" ->
            errors.add(
                path.field("match").field("name"),
                "cannot be empty. You need to pick a filter after which this one will be added");
        case "patch" -> errors.add(path.field("match").field("name"), "cannot be empty");
        default -> {}
      }
    }
    if (match != null) {
      origin(path.field("match"), match.origin(), errors);
      matchTags(path.field("match").field("listenerTags"), match.listenerTags(), errors);
    }
    value(path, operation, value, errors);
  }

  private static void virtualHost(Path path, VirtualHostModification m, Errors errors) {
    if (!operation(path, m.operation(), RESOURCE_OPERATIONS, errors)) {
      return;
    }
    if (m.match() != null) {
      if (m.operation().equals("add") && !m.match().name().isEmpty()) {
        errors.add(path.field("match").field("name"), "cannot be defined");
      }
      origin(path.field("match"), m.match().origin(), errors);
    }
    value(path, m.operation(), m.value(), errors);
  }

  private static boolean operation(
      Path path, String operation, List<String> allowed, Errors errors) {
    if (allowed.contains(operation)) {
      return true;
    }
    StringBuilder message = new StringBuilder("invalid operation. Available operations: ");
    for (int i = 0; i < allowed.size(); i++) {
      message.append(i == 0 ? "" : ", ").append('"').append(allowed.get(i)).append('"');
    }
    errors.add(path.field("operation"), message.toString());
    return false;
  }

  private static void origin(Path match, String origin, Errors errors) {
    if (!origin.isEmpty() && !ORIGINS.contains(origin)) {
      errors.add(
          match.field("origin"),
          "unknown origin \"" + origin + "\": expected one of " + String.join(", ", ORIGINS));
    }
  }

  private static void matchTags(Path path, Map<String, String> tags, Errors errors) {
    if (!tags.isEmpty()) {
      TagRules.validateSelector(path, tags, false, errors);
    }
  }

  /** Every operation but {@code remove} carries the resource or patch in {@code value}. */
  private static void value(Path path, String operation, String value, Errors errors) {
    if (!operation.equals("remove")) {
      yamlObject(path.field("value"), value, errors);
    }
  }

  private static void yamlObject(Path path, String yaml, Errors errors) {
    if (yaml.isBlank()) {
      errors.add(path, "cannot be empty");
      return;
    }
    try {
      JsonNode node = YAML.readTree(yaml);
      if (node == null || !node.isObject()) {
        errors.add(path, "native Envoy resource is not valid: expected a YAML object");
      }
    } catch (JsonProcessingException e) {
      errors.add(
          path, "native Envoy resource is not valid: malformed YAML: " + e.getOriginalMessage());
    }
  }
}
