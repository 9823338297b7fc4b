package io.portico.proxy.run;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.portico.format.MustacheTemplate;
import io.portico.format.TemplateVariables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The dataplane template of {@code --dataplane-file} / {@code --dataplane}, rendered and checked as
 * spec/core.md §6.5 says: Mustache, one context value per {@code --dataplane-var key=value}, dotted
 * keys as nested maps ({@code a.b=1} makes {@code {{a.b}}} resolve), missing variables rendered
 * empty, {@code {{x}}} HTML-escaped as Go escapes ({@link MustacheTemplate}, the one porticoctl
 * uses too) and {@code {{{x}}}} not. The result must be one YAML (or JSON) resource whose {@code
 * type} matches {@code --proxy-type} and which has a name (and a mesh, for a Dataplane).
 */
final class DataplaneTemplate {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> PROXY_TYPES = List.of("Dataplane", "ZoneIngress", "ZoneEgress");

  private DataplaneTemplate() {}

  /**
   * Renders {@code template} with {@code variables} and checks the result.
   *
   * @param source the template's origin for messages, e.g. {@code dataplane file "gw.yaml"}
   * @param variables {@code --dataplane-var} values, each {@code key=value}
   * @throws BadInputException naming the source and the problem
   */
  static ProxyResource render(
      String source, String template, List<String> variables, ProxyType proxyType) {
    String text = renderText(source, template, context(variables));
    JsonNode resource = parseSingleDocument(source, text);
    return check(source, resource, text, proxyType);
  }

  /**
   * The Mustache context of {@code key=value} pairs, dotted keys nested, several pairs per flag
   * separated by commas as kuma-dp's string-to-string flag takes them ({@link TemplateVariables}).
   */
  static Map<String, Object> context(List<String> variables) {
    try {
      return TemplateVariables.parse("--dataplane-var", variables);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }

  private static String renderText(String source, String template, Map<String, Object> context) {
    try {
      return MustacheTemplate.parse(template).render(context);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(source + " is not a valid template: " + e.getMessage(), e);
    }
  }

  private static JsonNode parseSingleDocument(String source, String text) {
    List<JsonNode> documents = new ArrayList<>();
    try (JsonParser parser = YAML.getFactory().createParser(text)) {
      while (parser.nextToken() != null) {
        JsonNode document = YAML.readTree(parser);
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          documents.add(document);
        }
      }
    } catch (JsonProcessingException e) {
      throw new BadInputException(source + " is not valid YAML" + describe(e), e);
    } catch (IOException e) {
      throw new BadInputException(source + " cannot be parsed: " + e.getMessage(), e);
    }
    if (documents.isEmpty()) {
      throw new BadInputException(
          source + " is empty: expected a Dataplane, ZoneIngress or ZoneEgress resource");
    }
    if (documents.size() > 1) {
      throw new BadInputException(
          source + " holds " + documents.size() + " YAML documents: expected exactly one resource");
    }
    return documents.get(0);
  }

  private static ProxyResource check(
      String source, JsonNode resource, String text, ProxyType proxyType) {
    if (!resource.isObject()) {
      throw new BadInputException(
          source
              + " is a YAML "
              + resource.getNodeType().name().toLowerCase(Locale.ROOT)
              + ": expected a resource (a mapping with type, name, mesh, ...)");
    }
    String type = scalar(source, resource, "type");
    if (type.isEmpty()) {
      throw new BadInputException(
          source
              + ": type is missing: expected type "
              + proxyType.resourceType()
              + " for --proxy-type "
              + proxyType);
    }
    if (!PROXY_TYPES.contains(type)) {
      throw new BadInputException(
          source
              + ": type \""
              + type
              + "\" is not a proxy resource: expected Dataplane, ZoneIngress or ZoneEgress");
    }
    if (!type.equals(proxyType.resourceType())) {
      throw new BadInputException(
          source
              + ": type \""
              + type
              + "\" does not match --proxy-type "
              + proxyType
              + " (expected type "
              + proxyType.resourceType()
              + ")");
    }
    String name = scalar(source, resource, "name");
    if (name.isEmpty()) {
      throw new BadInputException(
          source + ": name is missing or empty after rendering the template");
    }
    String mesh = scalar(source, resource, "mesh");
    if (proxyType.isMeshScoped() && mesh.isEmpty()) {
      throw new BadInputException(
          source + ": mesh is missing or empty after rendering the template");
    }
    return new ProxyResource(type, name, mesh, text, adminPort(resource));
  }

  /**
   * {@code networking.admin.port} when it is a port number, else 0: the control plane validates the
   * field and names what is wrong with it.
   */
  private static int adminPort(JsonNode resource) {
    JsonNode port = resource.path("networking").path("admin").path("port");
    return port.canConvertToInt() && port.asInt() > 0 && port.asInt() <= 65535 ? port.asInt() : 0;
  }

  private static String scalar(String source, JsonNode resource, String field) {
    JsonNode value = resource.get(field);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isValueNode()) {
      throw new BadInputException(
          source
              + ": "
              + field
              + " must be a string, got a YAML "
              + value.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return value.asText().trim();
  }

  /** " at line L, column C: problem", from SnakeYAML's marks when it has them (1-based). */
  private static String describe(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      Mark mark = yaml.getProblemMark();
      return " at line "
          + (mark.getLine() + 1)
          + ", column "
          + (mark.getColumn() + 1)
          + ": "
          + yaml.getProblem();
    }
    JsonLocation location = e.getLocation();
    String where =
        location == null
            ? ""
            : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    String message = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage();
    int newline = message.indexOf('\n');
    return where + ": " + (newline < 0 ? message : message.substring(0, newline)).trim();
  }
}
