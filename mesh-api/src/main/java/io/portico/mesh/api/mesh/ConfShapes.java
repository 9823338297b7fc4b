package io.portico.mesh.api.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;

/**
 * Type checks for the fields of a backend's {@code conf}, which is free-form JSON in the resource
 * and a typed protobuf message in Kuma (protobuf-JSON refuses a wrong type there): each checker
 * takes an absent or null field, adds a violation naming the field for a value of another type or
 * out of range, and answers the value when it is usable.
 */
final class ConfShapes {
  private ConfShapes() {}

  /** An integer field from {@code min} to {@code max}; a numeric string is accepted. */
  static Optional<Long> integer(
      Path path, JsonNode object, String name, long min, long max, Errors errors) {
    JsonNode value = object.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    BigInteger number;
    if (value.isIntegralNumber()) {
      number = value.bigIntegerValue();
    } else if (value.isTextual() && value.asText().matches("-?[0-9]{1,20}")) {
      number = new BigInteger(value.asText());
    } else {
      errors.add(
          path.field(name),
          "must be an integer from " + min + " to " + max + ", not " + kind(value));
      return Optional.empty();
    }
    if (number.compareTo(BigInteger.valueOf(min)) < 0
        || number.compareTo(BigInteger.valueOf(max)) > 0) {
      errors.add(path.field(name), "must be an integer from " + min + " to " + max);
      return Optional.empty();
    }
    return Optional.of(number.longValue());
  }

  /** A text field. */
  static Optional<String> text(Path path, JsonNode object, String name, Errors errors) {
    JsonNode value = object.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.of("");
    }
    if (!value.isTextual()) {
      errors.add(path.field(name), "must be a string, not " + kind(value));
      return Optional.empty();
    }
    return Optional.of(value.asText());
  }

  /** A boolean field. */
  static void bool(Path path, JsonNode object, String name, Errors errors) {
    JsonNode value = object.path(name);
    if (!value.isMissingNode() && !value.isNull() && !value.isBoolean()) {
      errors.add(path.field(name), "must be true or false, not " + kind(value));
    }
  }

  /** An object field. */
  static Optional<JsonNode> object(Path path, JsonNode object, String name, Errors errors) {
    JsonNode value = object.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isObject()) {
      errors.add(path.field(name), "must be an object, not " + kind(value));
      return Optional.empty();
    }
    return Optional.of(value);
  }

  /** A list field. */
  static Optional<JsonNode> list(Path path, JsonNode object, String name, Errors errors) {
    JsonNode value = object.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isArray()) {
      errors.add(path.field(name), "must be a list, not " + kind(value));
      return Optional.empty();
    }
    return Optional.of(value);
  }

  /** A map of texts ({@code tags}). */
  static void textMap(Path path, JsonNode object, String name, Errors errors) {
    object(path, object, name, errors)
        .ifPresent(
            map -> {
              for (Map.Entry<String, JsonNode> e : map.properties()) {
                if (!e.getValue().isTextual()) {
                  errors.add(
                      path.field(name).key(e.getKey()),
                      "must be a string, not " + kind(e.getValue()));
                }
              }
            });
  }

  static String kind(JsonNode value) {
    return switch (value.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      case NUMBER -> "the number " + value.asText();
      case BOOLEAN -> value.asText();
      default -> "nothing";
    };
  }
}
