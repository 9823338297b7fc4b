package io.portico.mesh.api.policy.targetref;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.mesh.api.Validator;
import io.portico.mesh.api.policy.targetref.MeshAccessLogSpec.Backend;
import io.portico.mesh.api.policy.targetref.MeshAccessLogSpec.Format;
import io.portico.mesh.api.policy.targetref.MeshAccessLogSpec.Item;
import io.portico.mesh.api.policy.targetref.TargetRef.Kind;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Validates a MeshAccessLog (spec/core.md §4.4): a top-level targetRef of any kind; at least one of
 * {@code to} (Mesh or MeshService; not under a MeshGatewayRoute) and {@code from} (Mesh); a {@code
 * default} on every item whose backends are each exactly one of {@code tcp} (with an address) and
 * {@code file} (with a path), with at most one of a non-empty {@code plain} and {@code json}
 * format.
 */
public final class MeshAccessLogValidator implements Validator<MeshAccessLogSpec> {
  static final Set<Kind> TOP_KINDS = EnumSet.allOf(Kind.class);
  static final Set<Kind> TO_KINDS = EnumSet.of(Kind.Mesh, Kind.MeshService);
  static final Set<Kind> FROM_KINDS = EnumSet.of(Kind.Mesh);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void validate(MeshAccessLogSpec spec, Errors errors) {
    Path root = Path.of("spec");
    TargetRef.validate(root.field("targetRef"), spec.targetRef(), TOP_KINDS, errors);
    if (spec.to().isEmpty() && spec.from().isEmpty()) {
      errors.add(root, "at least one of 'from', 'to' has to be defined");
    }
    if (spec.targetRef() != null
        && spec.targetRef().kind() == Kind.MeshGatewayRoute
        && !spec.to().isEmpty()) {
      errors.add(
          root.field("to"),
          "cannot use \"to\" when \"targetRef\" is \"MeshGatewayRoute\" - there is no outbound");
    }
    items(root.field("to"), spec.to(), TO_KINDS, errors);
    items(root.field("from"), spec.from(), FROM_KINDS, errors);
  }

  private static void items(Path path, List<Item> items, Set<Kind> kinds, Errors errors) {
    for (int i = 0; i < items.size(); i++) {
      Path at = path.index(i);
      Item item = items.get(i);
      TargetRef.validate(
          at.field("targetRef"), item == null ? null : item.targetRef(), kinds, errors);
      if (item == null || item.defaultConf() == null) {
        errors.add(at.field("default"), "must be defined");
        continue;
      }
      List<Backend> backends = item.defaultConf().backends();
      for (int b = 0; b < backends.size(); b++) {
        backend(at.field("default").field("backends").index(b), backends.get(b), errors);
      }
    }
  }

  private static void backend(Path path, Backend backend, Errors errors) {
    boolean hasTcp = backend != null && backend.tcp() != null;
    boolean hasFile = backend != null && backend.file() != null;
    if (hasTcp == hasFile) {
      errors.add(path, "backend can have only one type defined: tcp, file");
      return;
    }
    if (hasTcp) {
      Path tcp = path.field("tcp");
      if (!isHostPort(backend.tcp().address())) {
        errors.add(tcp.field("address"), "tcp backend requires valid address (host:port)");
      }
      format(tcp.field("format"), backend.tcp().format(), errors);
    } else {
      Path file = path.field("file");
      if (backend.file().path().isBlank()) {
        errors.add(file.field("path"), "file backend requires a valid path");
      }
      format(file.field("format"), backend.file().format(), errors);
    }
  }

  private static boolean isHostPort(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      return false;
    }
    String port = address.substring(colon + 1);
    if (port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
      return false;
    }
    int value = Integer.parseInt(port);
    return value >= 1 && value <= 65535 && !address.substring(0, colon).isBlank();
  }

  private static void format(Path path, Format format, Errors errors) {
    if (format == null) {
      return;
    }
    boolean hasPlain = !format.plain().isEmpty();
    boolean hasJson = !format.json().isEmpty();
    if (hasPlain == hasJson) {
      errors.add(path, "format can only have one type defined: plain, json");
      return;
    }
    for (int i = 0; i < format.json().size(); i++) {
      Path at = path.field("json").index(i);
      MeshAccessLogSpec.JsonValue value = format.json().get(i);
      String key = value == null ? "" : value.key();
      String text = value == null ? "" : value.value();
      if (key.isEmpty()) {
        errors.add(at.field("key"), "key cannot be empty");
      }
      if (text.isEmpty()) {
        errors.add(at.field("value"), "value cannot be empty");
      }
      if (!key.isEmpty() && !text.isEmpty() && !isJsonObject(key, text)) {
        errors.add(at, "is not a valid JSON object");
      }
    }
  }

  /** Whether {@code {"key": "value"}}, written verbatim, is a JSON object (as Kuma checks). */
  private static boolean isJsonObject(String key, String value) {
    try {
      return JSON.readTree("{\"" + key + "\": \"" + value + "\"}").isObject();
    } catch (JsonProcessingException e) {
      return false;
    }
  }
}
