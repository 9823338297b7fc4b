package io.portico.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.mesh.api.validation.Violation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An error answer of the REST API (spec/core.md §5.5): {@code {title, details, causes: [{field,
 * message}]}}. Answers that are not such JSON (405 is plain text) keep their text as details.
 *
 * @param title what failed ("Could not create a resource"); may be empty
 * @param details why ("Resource is not valid"); may be empty
 * @param causes one per invalid field
 */
public record ApiError(String title, String details, List<Violation> causes) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ApiError {
    title = title == null ? "" : title;
    details = details == null ? "" : details;
    causes = List.copyOf(causes);
  }

  /** Reads an error body; never fails. */
  public static ApiError parse(String body) {
    String text = body == null ? "" : body.strip();
    if (text.startsWith("{")) {
      try {
        JsonNode node = JSON.readTree(text);
        List<Violation> causes = new ArrayList<>();
        for (JsonNode cause : node.path("causes")) {
          causes.add(
              new Violation(cause.path("field").asText(""), cause.path("message").asText("")));
        }
        return new ApiError(node.path("title").asText(""), node.path("details").asText(""), causes);
      } catch (IOException e) {
        // Not JSON after all: fall through and keep the text.
      }
    }
    return new ApiError("", text, List.of());
  }

  /** {@code title: details}, leaving out empty parts; empty when both are. */
  public String summary() {
    if (title.isEmpty()) {
      return details;
    }
    if (details.isEmpty() || details.equals(title)) {
      return title;
    }
    return title + ": " + details;
  }
}
