package io.portico.mesh.api.policy;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import io.portico.mesh.api.validation.TagRules;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates a VirtualOutbound (spec/core.md §3.4): selectors S2; {@code conf} with host and port
 * templates; parameters with unique alphanumeric names and valid tag keys, one of them taking
 * {@code kuma.io/service}. Templates are checked for structure: closed actions, references to
 * declared parameters only, and (for simple templates) a port in [1, 65535] once filled in.
 */
public final class VirtualOutboundValidator implements Validator<VirtualOutboundSpec> {
  private static final Pattern PARAMETER_NAME = Pattern.compile("^[a-zA-Z0-9]+$");
  private static final Pattern TAG_KEY = Pattern.compile("^[a-zA-Z0-9.\\-_:/]+$");
  private static final Pattern ACTION = Pattern.compile("\\{\\{-?\\s*(.*?)\\s*-?}}");
  private static final Pattern SIMPLE_REFERENCE = Pattern.compile("^\\.([a-zA-Z0-9_]+)$");
  private static final Pattern REFERENCE = Pattern.compile("(?<![a-zA-Z0-9_])\\.([a-zA-Z0-9_]+)");

  @Override
  public void validate(VirtualOutboundSpec spec, Errors errors) {
    PolicySelectors.anyTags(Path.of("selectors"), spec.selectors(), errors);
    Path conf = Path.of("conf");
    VirtualOutboundSpec.Conf c = spec.conf();
    if (c == null) {
      errors.add(conf, ConfRules.HAS_TO_BE_DEFINED);
      return;
    }
    Set<String> names = parameters(conf.field("parameters"), c.parameters(), errors);
    Map<String, String> hostSample = new HashMap<>();
    Map<String, String> portSample = new HashMap<>();
    for (String name : names) {
      hostSample.put(name, "dummy");
      portSample.put(name, "1");
    }
    String host = template(conf.field("host"), c.host(), hostSample, errors);
    if (host != null && host.isBlank()) {
      errors.add(conf.field("host"), "must not evaluate to an empty host");
    }
    String port = template(conf.field("port"), c.port(), portSample, errors);
    if (port != null && !isPort(port.trim())) {
      errors.add(conf.field("port"), "must evaluate to a port in the range [1, 65535]");
    }
  }

  private static Set<String> parameters(
      Path path, List<VirtualOutboundSpec.Parameter> parameters, Errors errors) {
    Set<String> names = new HashSet<>();
    boolean hasService = false;
    for (int i = 0; i < parameters.size(); i++) {
      Path at = path.index(i);
      VirtualOutboundSpec.Parameter p =
          parameters.get(i) == null
              ? new VirtualOutboundSpec.Parameter(null, null)
              : parameters.get(i);
      if (!PARAMETER_NAME.matcher(p.name()).matches()) {
        errors.add(at.field("name"), "must consist of alphanumeric characters");
      } else if (!names.add(p.name())) {
        errors.add(at.field("name"), "name \"" + p.name() + "\" is already used");
      }
      if (!p.tagKey().isEmpty() && !TAG_KEY.matcher(p.tagKey()).matches()) {
        errors.add(at.field("tagKey"), "must be a valid tag name");
      }
      hasService |= p.effectiveTagKey().equals(TagRules.SERVICE);
    }
    if (!hasService) {
      errors.add(path, "must contain a parameter with \"" + TagRules.SERVICE + "\" as a tagKey");
    }
    return names;
  }

  /**
   * Checks a template and, when every action is a plain {@code .name} reference, returns it filled
   * in with {@code sample}; returns null when it cannot be evaluated here.
   */
  private static String template(
      Path path, String template, Map<String, String> sample, Errors errors) {
    if (template.isEmpty()) {
      errors.add(path, ConfRules.HAS_TO_BE_DEFINED);
      return null;
    }
    String withoutActions = ACTION.matcher(template).replaceAll("");
    if (withoutActions.contains("{{")) {
      errors.add(path, "template pre evaluation failed with error='unclosed action'");
      return null;
    }
    boolean simple = true;
    boolean valid = true;
    StringBuilder filled = new StringBuilder();
    Matcher action = ACTION.matcher(template);
    int at = 0;
    while (action.find()) {
      filled.append(template, at, action.start());
      at = action.end();
      String body = action.group(1);
      Matcher simpleRef = SIMPLE_REFERENCE.matcher(body);
      if (simpleRef.matches()) {
        filled.append(sample.getOrDefault(simpleRef.group(1), ""));
      } else {
        simple = false;
      }
      Matcher ref = REFERENCE.matcher(body);
      while (ref.find()) {
        if (!sample.containsKey(ref.group(1))) {
          errors.add(
              path,
              "template pre evaluation failed with error='undefined parameter \""
                  + ref.group(1)
                  + "\"'");
          valid = false;
        }
      }
    }
    filled.append(template.substring(at));
    return simple && valid ? filled.toString() : null;
  }

  private static boolean isPort(String value) {
    if (value.isEmpty() || value.length() > 5 || !value.chars().allMatch(Character::isDigit)) {
      return false;
    }
    int port = Integer.parseInt(value);
    return port >= 1 && port <= 65535;
  }
}
