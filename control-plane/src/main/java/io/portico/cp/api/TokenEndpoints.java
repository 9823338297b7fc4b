package io.portico.cp.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.portico.cp.auth.AccessRules;
import io.portico.cp.auth.UserTokens;
import io.portico.mesh.api.codec.GoDurations;
import io.portico.mesh.api.validation.Errors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /tokens/user} (spec/core.md §5.1, §6.3): body {@code {name, groups, validFor}}, admin
 * only, answers the token as {@code text/plain}.
 */
final class TokenEndpoints {
  static final String ISSUE = "Could not issue a token";

  private final AccessRules access;
  private final UserTokens tokens;
  private final RequestBody body;

  TokenEndpoints(AccessRules access, UserTokens tokens, RequestBody body) {
    this.access = access;
    this.tokens = tokens;
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
    Duration validFor = Duration.ZERO;
    String validForText = request.path("validFor").asText("").trim();
    if (validForText.isEmpty()) {
      errors.add("validFor", "cannot be empty: expected a duration such as 24h");
    } else {
      try {
        validFor = GoDurations.parse(validForText);
        if (validFor.isZero() || validFor.isNegative()) {
          errors.add("validFor", "must be positive but was " + validForText);
        }
      } catch (IllegalArgumentException e) {
        errors.add(
            "validFor", "invalid duration \"" + validForText + "\": expected e.g. 24h or 30m");
      }
    }
    errors.throwIfAny();
    String token = tokens.issue(name, groups, validFor);
    ctx.status(200).contentType("text/plain").result(token);
  }
}
