package io.portico.cp.k8s.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.mesh.api.validation.Path;
import io.portico.mesh.api.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /validate-v1-service}: the protocol annotations of a Service (spec/kubernetes.md §7.4,
 * Kuma's {@code webhooks/service_validator.go}). For each port of {@code spec.ports}, an annotation
 * {@code <port>.service.kuma.io/protocol} must name a known protocol (case-insensitive);
 * annotations of ports the Service does not declare are ignored.
 */
public final class ServiceValidationWebhook implements AdmissionWebhook {
  /** Kuma's supported protocols, in the order its hint lists them. */
  static final List<String> PROTOCOLS = List.of("grpc", "http", "http2", "kafka", "tcp");

  private static final Set<String> KNOWN = Set.copyOf(PROTOCOLS);

  @Override
  public Verdict review(AdmissionRequest request) {
    if (!request.hasObject()) {
      return Verdict.ALLOWED;
    }
    JsonNode service = request.object();
    JsonNode annotations = service.path("metadata").path("annotations");
    List<Violation> violations = new ArrayList<>();
    for (JsonNode port : service.path("spec").path("ports")) {
      String key = port.path("port").asText("") + ".service.kuma.io/protocol";
      JsonNode value = annotations.get(key);
      if (value == null || !value.isTextual()) {
        continue;
      }
      if (!KNOWN.contains(value.asText().toLowerCase(Locale.ROOT))) {
        violations.add(
            new Violation(
                Path.of("metadata").field("annotations").key(key).value(),
                "value "
                    + goQuote(value.asText())
                    + " is not valid. Allowed values: "
                    + String.join(", ", PROTOCOLS)));
      }
    }
    if (violations.isEmpty()) {
      return Verdict.ALLOWED;
    }
    return new Verdict.Invalid(
        service.path("metadata").path("name").asText(""),
        service.path("kind").asText("Service"),
        violations);
  }

  /**
   * Go's {@code %q} for the printable text annotations hold: quotes, with {@code "} and {@code \}
   * escaped.
   */
  static String goQuote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
