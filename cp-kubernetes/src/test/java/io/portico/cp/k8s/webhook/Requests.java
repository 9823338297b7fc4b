package io.portico.cp.k8s.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * AdmissionReview requests as the API server sends them (JSON: {@code uid}, {@code kind}, {@code
 * resource}, {@code namespace}, {@code name}, {@code operation}, {@code userInfo.username}, {@code
 * object}, {@code oldObject}), and readers of the answers.
 */
final class Requests {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String UID = "705ab4f5-6393-11e8-b7cc-42010a800002";
  static final String USER = "kubernetes-admin";

  private Requests() {}

  /** A request for a {@code kuma.io/v1alpha1} kind. */
  static Builder kuma(String kind, String resource) {
    return new Builder("kuma.io", "v1alpha1", kind, resource);
  }

  /** A request for a core {@code v1} kind. */
  static Builder core(String kind, String resource) {
    return new Builder("", "v1", kind, resource);
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code response} of an answer. */
  static JsonNode response(String answer) {
    return tree(answer).path("response");
  }

  /** The decoded JSON Patch of an answer. */
  static ArrayNode patch(String answer) {
    String base64 = response(answer).path("patch").asText();
    return (ArrayNode) tree(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
  }

  static final class Builder {
    private final ObjectNode request = JSON.createObjectNode();

    private Builder(String group, String version, String kind, String resource) {
      request.put("uid", UID);
      request.putObject("kind").put("group", group).put("version", version).put("kind", kind);
      request
          .putObject("resource")
          .put("group", group)
          .put("version", version)
          .put("resource", resource);
      request.putObject("userInfo").put("username", USER);
    }

    Builder namespace(String namespace) {
      request.put("namespace", namespace);
      return this;
    }

    Builder name(String name) {
      request.put("name", name);
      return this;
    }

    Builder user(String username) {
      request.putObject("userInfo").put("username", username);
      return this;
    }

    Builder create(String object) {
      return operation("CREATE").object(object);
    }

    Builder update(String object, String oldObject) {
      operation("UPDATE").object(object);
      request.set("oldObject", tree(oldObject));
      return this;
    }

    Builder delete(String oldObject) {
      operation("DELETE");
      request.set("object", null);
      if (oldObject != null) {
        request.set("oldObject", tree(oldObject));
      }
      return this;
    }

    Builder operation(String operation) {
      request.put("operation", operation);
      return this;
    }

    Builder object(String object) {
      JsonNode tree = tree(object);
      request.set("object", tree);
      JsonNode metadata = tree.path("metadata");
      if (!request.has("name") && metadata.has("name")) {
        request.put("name", metadata.path("name").asText());
      }
      if (!request.has("namespace") && metadata.has("namespace")) {
        request.put("namespace", metadata.path("namespace").asText());
      }
      return this;
    }

    /** The AdmissionReview JSON. */
    String json() {
      ObjectNode review = JSON.createObjectNode();
      review.put("apiVersion", "admission.k8s.io/v1");
      review.put("kind", "AdmissionReview");
      review.set("request", request.deepCopy());
      try {
        return JSON.writeValueAsString(review);
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
