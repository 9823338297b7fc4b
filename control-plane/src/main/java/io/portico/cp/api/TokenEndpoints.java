package io.portico.cp.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.portico.cp.auth.AccessRules;
import io.portico.cp.auth.UserTokens;
import io.portico.cp.dptoken.DataplaneTokenRequest;
import io.portico.cp.dptoken.DataplaneTokens;
import io.portico.format.DurationOutOfRangeException;
import io.portico.format.GoDurations;
import io.portico.format.Quoting;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.validation.Errors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Token issuance (spec/core.md §5.1, §6.1, §6.3), admin only, answering the token as {@code
 * text/plain}:
 *
 * <ul>
 *   <li>{@code POST /tokens/user}: body {@code {name, groups, validFor}}.
 *   <li>{@code POST /tokens/dataplane} (and the legacy {@code /tokens}): body {@code {name, mesh,
 *       tags: {key: [values]}, type, validFor}}; {@code mesh} is required, an empty {@code
 *       validFor} means 10 years; 404 "Signing Key not found" when the mesh has no signing key.
 * </ul>
 */
final class TokenEndpoints {
  static final String ISSUE = "Could not issue a token";
  static final Set<String> PROXY_TYPES = Set.of("dataplane", "ingress", "egress");

  private final AccessRules access;
  private final UserTokens tokens;
  private final DataplaneTokens dataplaneTokens;
  private final RequestBody body;

  TokenEndpoints(
      AccessRules access, UserTokens tokens, DataplaneTokens dataplaneTokens, RequestBody body) {
    this.access = access;
    this.tokens = tokens;
    this.dataplaneTokens = dataplaneTokens;
    this.body = body;
  }

  void issueUserToken(Context ctx) {
    ApiServer.title(ctx, ISSUE);
    access.checkGenerateUserToken(ApiServer.user(ctx));
    JsonNode request = body.readTree(ctx, ISSUE);
    Errors errors = new Errors();
    String name = request.path("name").asText("").trim();
    if (name.isEmpty()) {
      errors.add("name", "cannot be empty");
    }
    List<String> groups = new ArrayList<>();
    JsonNode groupsNode = request.path("groups");
    if (groupsNode.isArray()) {
      groupsNode.forEach(g -> groups.add(g.asText()));
    } else if (!groupsNode.isMissingNode() && !groupsNode.isNull()) {
      errors.add("groups", "expected a list of group names");
    }
    String validForText = request.path("validFor").asText("").trim();
    Duration validFor = Duration.ZERO;
    if (validForText.isEmpty()) {
      errors.add("validFor", "cannot be empty: expected a duration such as 24h");
    } else {
      validFor = validFor(validForText, errors);
    }
    errors.throwIfAny();
    String token = tokens.issue(name, groups, validFor);
    ctx.status(200).contentType("text/plain").result(token);
  }

  void issueDataplaneToken(Context ctx) {
    ApiServer.title(ctx, ISSUE);
    access.checkGenerateDataplaneToken(ApiServer.user(ctx));
    JsonNode request = body.readTree(ctx, ISSUE);
    Errors errors = new Errors();
    if (!request.isObject()) {
      errors.add("", "expected an object {name, mesh, tags, type, validFor}");
      errors.throwIfAny();
    }
    String name = text(request, "name", errors);
    String mesh = text(request, "mesh", errors);
    if (mesh.isEmpty() && !errors.violations().stream().anyMatch(v -> v.field().equals("mesh"))) {
      errors.add("mesh", "cannot be empty");
    }
    Map<String, List<String>> tags = tags(request.path("tags"), errors);
    String type = text(request, "type", errors);
    if (!type.isEmpty() && !PROXY_TYPES.contains(type)) {
      errors.add(
          "type", "unknown proxy type \"" + type + "\": expected dataplane, ingress or egress");
    }
    String validForText = text(request, "validFor", errors);
    Duration validFor =
        validForText.isEmpty()
            ? DataplaneTokenRequest.DEFAULT_VALIDITY
            : validFor(validForText, errors);
    errors.throwIfAny();
    String token =
        dataplaneTokens.issue(new DataplaneTokenRequest(name, mesh, tags, type, validFor));
    ctx.status(200).contentType("text/plain").result(token);
  }

  private static String text(JsonNode request, String field, Errors errors) {
    JsonNode node = request.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return "";
    }
    if (!node.isTextual()) {
      errors.add(field, "expected a string");
      return "";
    }
    return node.asText().trim();
  }

  private static Map<String, List<String>> tags(JsonNode node, Errors errors) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      errors.add("tags", "expected an object of tag names to lists of values");
      return out;
    }
    node.properties()
        .forEach(
            e -> {
              String field = "tags[\"" + e.getKey() + "\"]";
              if (e.getKey().isBlank()) {
                errors.add(field, "tag name cannot be empty");
                return;
              }
              List<String> values = new ArrayList<>();
              if (e.getValue().isArray() && !e.getValue().isEmpty()) {
                e.getValue()
                    .forEach(
                        v -> {
                          if (v.isTextual() && !v.asText().isBlank()) {
                            values.add(v.asText());
                          } else {
                            errors.add(field, "expected non-empty strings as values");
                          }
                        });
              } else {
                errors.add(field, "expected a non-empty list of values");
              }
              out.put(e.getKey(), values);
            });
    return out;
  }

  private static Duration validFor(String text, Errors errors) {
    Duration d;
    try {
      d = GoDurations.parse(text);
    } catch (DurationOutOfRangeException e) {
      errors.add("validFor", e.getMessage());
      return Duration.ZERO;
    } catch (IllegalArgumentException e) {
      errors.add(
          "validFor", "invalid duration " + Quoting.quote(text) + ": expected e.g. 24h or 30m");
      return Duration.ZERO;
    }
    if (d.isZero() || d.isNegative()) {
      errors.add("validFor", "must be positive but was " + Quoting.quote(text));
    } else if (d.compareTo(ResourceCodec.MAX_DURATION) > 0) {
      errors.add(
          "validFor",
          "duration "
              + Quoting.quote(text)
              + " is out of range: expected at most "
              + ResourceCodec.MAX_DURATION.toHours()
              + "h (100 years)");
    }
    return d;
  }
}
