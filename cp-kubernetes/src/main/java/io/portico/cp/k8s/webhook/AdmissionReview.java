package io.portico.cp.k8s.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.mesh.api.validation.Violation;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code admission.k8s.io/v1} AdmissionReview wire format: reads the request, writes the
 * response in controller-runtime 0.14's shapes (spec/kubernetes.md §7.2), and is the one place
 * where failures become responses: a body that is not an AdmissionReview is an errored 400, an
 * exception escaping a webhook (a lookup that failed) an errored 500.
 */
public final class AdmissionReview {
  public static final String API_VERSION = "admission.k8s.io/v1";
  public static final String KIND = "AdmissionReview";

  private static final Logger log = LoggerFactory.getLogger(AdmissionReview.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private AdmissionReview() {}

  /**
   * Answers one review: the response JSON for the request JSON. Never throws.
   *
   * @param webhook the webhook of the request's path
   * @param body the request body (an AdmissionReview with a {@code request})
   */
  public static String answer(AdmissionWebhook webhook, String body) {
    AdmissionRequest request;
    try {
      request = parse(body);
    } catch (IllegalArgumentException e) {
      return write("", new Verdict.Errored(400, e.getMessage()));
    }
    Verdict verdict;
    try {
      verdict = webhook.review(request);
    } catch (RuntimeException e) {
      log.warn(
          "admission review failed uid={} kind={} namespace={} name={} operation={}",
          request.uid(),
          request.kind().kind(),
          request.namespace(),
          request.name(),
          request.operation(),
          e);
      verdict = new Verdict.Errored(500, String.valueOf(e.getMessage()));
    }
    return write(request.uid(), verdict);
  }

  /**
   * Reads the request of an AdmissionReview.
   *
   * @throws IllegalArgumentException naming what is missing when the body is not an AdmissionReview
   *     request
   */
  public static AdmissionRequest parse(String body) {
    JsonNode review;
    try {
      review = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage(), e);
    }
    if (review == null || !review.path("request").isObject()) {
      throw new IllegalArgumentException("the body is not an AdmissionReview: no request");
    }
    JsonNode request = review.path("request");
    String operation = request.path("operation").asText("");
    AdmissionRequest.Operation op;
    try {
      op = AdmissionRequest.Operation.valueOf(operation.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "request.operation \"" + operation + "\" is not one of CREATE, UPDATE, DELETE, CONNECT",
          e);
    }
    JsonNode kind = request.path("kind");
    return new AdmissionRequest(
        request.path("uid").asText(""),
        new AdmissionRequest.Kind(
            kind.path("group").asText(""),
            kind.path("version").asText(""),
            kind.path("kind").asText("")),
        request.path("resource").path("resource").asText(""),
        request.path("namespace").asText(""),
        request.path("name").asText(""),
        op,
        request.path("userInfo").path("username").asText(""),
        request.get("object"),
        request.get("oldObject"));
  }

  /** The AdmissionReview answering request {@code uid} with {@code verdict}, as JSON text. */
  public static String write(String uid, Verdict verdict) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", API_VERSION);
    review.put("kind", KIND);
    review.set("response", response(uid, verdict));
    try {
      return JSON.writeValueAsString(review);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code response} object of a verdict (§7.2). */
  static ObjectNode response(String uid, Verdict verdict) {
    ObjectNode response = JSON.createObjectNode();
    response.put("uid", uid);
    response.put("allowed", verdict.isAllowed());
    if (verdict instanceof Verdict.Allowed) {
      response.putObject("status").put("code", 200);
    } else if (verdict instanceof Verdict.Patched patched) {
      response.put("patchType", "JSONPatch");
      response.put("patch", base64(patched.patch()));
    } else if (verdict instanceof Verdict.Invalid invalid) {
      ObjectNode status = response.putObject("status");
      status.put("status", "Failure");
      status.put("code", 422);
      status.put("reason", "Invalid");
      status.put(
          "message",
          invalid.violations().stream().map(Violation::toString).collect(Collectors.joining("; ")));
      ObjectNode details = status.putObject("details");
      if (!invalid.name().isEmpty()) {
        details.put("name", invalid.name());
      }
      if (!invalid.kind().isEmpty()) {
        details.put("kind", invalid.kind());
      }
      ArrayNode causes = details.putArray("causes");
      for (Violation v : invalid.violations()) {
        causes
            .addObject()
            .put("reason", "FieldValueInvalid")
            .put("field", v.field())
            .put("message", v.message());
      }
    } else if (verdict instanceof Verdict.Denied denied) {
      response
          .putObject("status")
          .put("code", 403)
          .put("reason", denied.reason())
          .put("message", denied.reason());
    } else if (verdict instanceof Verdict.Errored errored) {
      response.putObject("status").put("code", errored.code()).put("message", errored.message());
    } else if (verdict instanceof Verdict.Forbidden forbidden) {
      ObjectNode status = response.putObject("status");
      status.put("status", "Failure");
      status.put("code", 403);
      status.put("reason", "Forbidden");
      status.put("message", forbidden.message());
      status
          .putObject("details")
          .putArray("causes")
          .addObject()
          .put("reason", "FieldValueInvalid")
          .put("message", "cannot be empty")
          .put("field", "metadata.annotations[kuma.io/synced]");
    } else {
      throw new IllegalStateException("unknown verdict " + verdict);
    }
    return response;
  }

  private static String base64(JsonPatch patch) {
    try {
      byte[] json = JSON.writeValueAsBytes(patch.toJson());
      return Base64.getEncoder().encodeToString(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
