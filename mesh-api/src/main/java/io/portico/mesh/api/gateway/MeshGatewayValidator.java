package io.portico.mesh.api.gateway;

import io.portico.mesh.api.DataSource;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceMeta;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.ValidationContext;
import io.portico.mesh.api.Validator;
import io.portico.mesh.api.gateway.MeshGatewaySpec.Listener;
import io.portico.mesh.api.gateway.MeshGatewaySpec.Protocol;
import io.portico.mesh.api.gateway.MeshGatewaySpec.Tls;
import io.portico.mesh.api.gateway.MeshGatewaySpec.TlsMode;
import io.portico.mesh.api.mesh.MeshSpec;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import io.portico.mesh.api.validation.TagRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates a MeshGateway spec: every rule of spec/gateway.md §1.2 with Kuma's field paths and
 * messages, in Kuma's order (selectors, gateway tags, then each listener: hostname, port, protocol,
 * TLS, tags; the per-port conflict checks last), plus the Portico decisions that reject at
 * validation what Kuma 2.0 accepts but cannot serve:
 *
 * <ul>
 *   <li>HTTPS with {@code tls.mode: PASSTHROUGH}: {@code conf.listeners[i].tls.mode}: {@code mode
 *       is not supported on HTTPS listeners} (the message of later Kuma versions);
 *   <li>TCP with {@code crossMesh}: {@code conf.listeners[i].protocol}: {@code protocol is not
 *       supported with crossMesh} (crossMesh is HTTP only, spec/gateway.md §5.1);
 *   <li>crossMesh and non-crossMesh listeners on one port: {@code conf.listeners[i].crossMesh}:
 *       {@code crossMesh conflicts with other listeners on this port} on each of them (Kuma would
 *       silently take the first listener's setting);
 *   <li>each TLS certificate must be a data source with exactly one source ({@link
 *       DataSource#validate}); {@code inlineString} certificates are accepted. Certificate contents
 *       (PEM blocks, key types) are not checked here.
 * </ul>
 *
 * <p>With a context ({@link #validate(MeshGatewaySpec, ResourceMeta, ValidationContext, Errors)}),
 * a crossMesh listener also requires the owning Mesh to have mTLS enabled (spec/gateway.md §5.1).
 */
public final class MeshGatewayValidator implements Validator<MeshGatewaySpec> {
  /** Tags that describe the dataplane itself and cannot be set by a gateway or listener. */
  private static final Set<String> FORBIDDEN_TAGS =
      Set.of("kuma.io/external-service-name", TagRules.PROTOCOL, TagRules.SERVICE, TagRules.ZONE);

  @Override
  public void validate(MeshGatewaySpec spec, Errors errors) {
    validateSelectors(Path.of("selectors"), spec.selectors(), errors);
    if (spec.isCrossMesh()) {
      for (int i = 1; i < spec.selectors().size(); i++) {
        errors.add(Path.of("selectors").index(i), "there can be at most one selector");
      }
    }
    validateListenerTags(Path.of("tags"), spec.tags(), errors);
    Path conf = Path.of("conf");
    if (spec.conf() == null) {
      errors.add(conf, "cannot be empty");
      return;
    }
    Path listenersPath = conf.field("listeners");
    List<Listener> listeners = spec.conf().listeners();
    if (listeners.isEmpty()) {
      errors.add(listenersPath, "cannot be empty");
    }
    for (int i = 0; i < listeners.size(); i++) {
      Listener listener = listeners.get(i);
      if (listener == null) {
        errors.add(listenersPath.index(i), "cannot be empty");
        continue;
      }
      validateListener(listenersPath.index(i), listener, errors);
    }
    validatePorts(listenersPath, listeners, errors);
  }

  @Override
  public void validate(
      MeshGatewaySpec spec, ResourceMeta meta, ValidationContext context, Errors errors) {
    validate(spec, errors);
    if (!spec.isCrossMesh()) {
      return;
    }
    Optional<Resource<?>> mesh = context.find("Mesh", "", meta.mesh());
    if (mesh.isEmpty() || !(mesh.get().spec() instanceof MeshSpec meshSpec)) {
      return;
    }
    if (!meshSpec.isMtlsEnabled()) {
      List<Listener> listeners = spec.conf().listeners();
      for (int i = 0; i < listeners.size(); i++) {
        if (listeners.get(i) != null && listeners.get(i).crossMesh()) {
          errors.add(
              Path.of("conf.listeners").index(i).field("crossMesh"),
              "mTLS must be enabled for crossMesh-enabled MeshGateways: mesh \""
                  + meta.mesh()
                  + "\" has no mtls.enabledBackend");
        }
      }
    }
  }

  /**
   * Selectors of gateways and routes: at least one, each with at least one tag and {@code
   * kuma.io/service}, in selector charset (spec/gateway.md §1.1).
   */
  static void validateSelectors(Path path, List<Selector> selectors, Errors errors) {
    if (selectors.isEmpty()) {
      errors.add(path, "must have at least one element");
    }
    for (int i = 0; i < selectors.size(); i++) {
      Selector selector = selectors.get(i);
      TagRules.validateSelector(
          path.index(i).field("match"), selector == null ? null : selector.match(), true, errors);
    }
  }

  private static void validateListenerTags(Path path, Map<String, String> tags, Errors errors) {
    if (tags.isEmpty()) {
      return;
    }
    TagRules.validateSelector(path, tags, false, errors);
    for (String key : new TreeSet<>(tags.keySet())) {
      if (FORBIDDEN_TAGS.contains(key)) {
        errors.add(path.key(key), "tag name must not be \"" + key + "\"");
      }
    }
  }

  private static void validateListener(Path path, Listener listener, Errors errors) {
    if (!listener.hostname().isEmpty()) {
      Hostnames.validateListenerHostname(path.field("hostname"), listener.hostname(), errors);
    }
    if (listener.port() < 1 || listener.port() > 65535) {
      errors.add(path.field("port"), "port must be in the range [1, 65535]");
    }
    Tls tls = listener.tls();
    switch (listener.protocol()) {
      case NONE -> errors.add(path.field("protocol"), "cannot be empty");
      case UDP, TLS -> errors.add(path.field("protocol"), "protocol type is not supported");
      case TCP -> {
        if (listener.crossMesh()) {
          errors.add(path.field("protocol"), "protocol is not supported with crossMesh");
        }
      }
      case HTTPS -> {
        if (listener.crossMesh()) {
          errors.add(path.field("protocol"), "protocol is not supported with crossMesh");
        } else if (tls == null) {
          errors.add(path.field("tls"), "cannot be empty");
        } else if (tls.mode() == TlsMode.PASSTHROUGH) {
          errors.add(path.field("tls").field("mode"), "mode is not supported on HTTPS listeners");
        }
      }
      case HTTP -> {}
    }
    if (tls != null && !listener.crossMesh()) {
      Path certificates = path.field("tls").field("certificates");
      switch (tls.mode()) {
        case NONE -> errors.add(path.field("tls").field("mode"), "cannot be empty");
        case PASSTHROUGH -> {
          if (!tls.certificates().isEmpty()) {
            errors.add(certificates, "must be empty in TLS passthrough mode");
          }
        }
        case TERMINATE -> {
          if (tls.certificates().isEmpty()) {
            errors.add(certificates, "cannot be empty in TLS termination mode");
          } else if (tls.certificates().size() > 2) {
            errors.add(certificates, "cannot have more than 2 certificates");
          }
          for (int j = 0; j < tls.certificates().size(); j++) {
            DataSource.validate(certificates.index(j), tls.certificates().get(j), errors);
          }
        }
      }
    }
    if (tls != null
        && listener.crossMesh()
        && (tls.mode() != TlsMode.NONE || !tls.certificates().isEmpty())) {
      errors.add(path.field("tls"), "must be empty with crossMesh");
    }
    validateListenerTags(path.field("tags"), listener.tags(), errors);
  }

  /**
   * The per-port checks: listeners sharing a port become one socket, so they must agree on
   * protocol, crossMesh and connection limit, and have distinct hostnames ({@code ""} ≡ {@code *}).
   * Ports are visited in order of first use, listeners in declaration order.
   */
  private static void validatePorts(Path path, List<Listener> listeners, Errors errors) {
    Map<Integer, List<Integer>> byPort = new LinkedHashMap<>();
    for (int i = 0; i < listeners.size(); i++) {
      if (listeners.get(i) != null) {
        byPort.computeIfAbsent(listeners.get(i).port(), p -> new ArrayList<>()).add(i);
      }
    }
    for (List<Integer> indexes : byPort.values()) {
      Set<Protocol> protocols = new LinkedHashSet<>();
      indexes.forEach(i -> protocols.add(listeners.get(i).protocol()));
      if (protocols.size() > 1) {
        for (Protocol protocol : protocols) {
          for (int i : indexes) {
            if (listeners.get(i).protocol() == protocol) {
              errors.add(path.index(i), "protocol conflicts with other listeners on this port");
            }
          }
        }
      }
    }
    for (List<Integer> indexes : byPort.values()) {
      Map<String, List<Integer>> byHostname = new LinkedHashMap<>();
      for (int i : indexes) {
        byHostname
            .computeIfAbsent(listeners.get(i).nonEmptyHostname(), h -> new ArrayList<>())
            .add(i);
      }
      for (List<Integer> same : byHostname.values()) {
        if (same.size() > 1) {
          for (int i : same) {
            errors.add(path.index(i), "multiple listeners for hostname on this port");
          }
        }
      }
    }
    for (List<Integer> indexes : byPort.values()) {
      Set<Integer> limits = new LinkedHashSet<>();
      List<Integer> limited = new ArrayList<>();
      for (int i : indexes) {
        int limit = listeners.get(i).connectionLimit();
        if (limit != 0) {
          limits.add(limit);
          limited.add(i);
        }
      }
      if (limits.size() > 1) {
        for (int i : limited) {
          errors.add(
              path.index(i).field("resources").field("connectionLimit"),
              "conflicting values for this port");
        }
      }
    }
    for (List<Integer> indexes : byPort.values()) {
      long crossMesh = indexes.stream().filter(i -> listeners.get(i).crossMesh()).count();
      if (crossMesh > 0 && crossMesh < indexes.size()) {
        for (int i : indexes) {
          errors.add(
              path.index(i).field("crossMesh"),
              "crossMesh conflicts with other listeners on this port");
        }
      }
    }
  }
}
