package io.portico.mesh.api.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.portico.format.DurationOutOfRangeException;
import io.portico.format.Quoting;
import io.portico.mesh.api.DataSource;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceMeta;
import io.portico.mesh.api.ValidationContext;
import io.portico.mesh.api.Validator;
import io.portico.mesh.api.mesh.MeshSpec.CertificateAuthorityBackend;
import io.portico.mesh.api.mesh.MeshSpec.LoggingBackend;
import io.portico.mesh.api.mesh.MeshSpec.MetricsBackend;
import io.portico.mesh.api.mesh.MeshSpec.TracingBackend;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import io.portico.mesh.api.validation.TagRules;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a Mesh spec (spec/core.md §1.1–§1.3), with Kuma's messages.
 *
 * <p>Rules, in order:
 *
 * <ol>
 *   <li>mTLS: backend names non-empty and unique; {@code enabledBackend} names a backend; each
 *       {@code dpCert.rotation.expiration} is a Kuma duration ({@link KumaDurations}); each type is
 *       an installed CA plugin ({@code builtin} or {@code provided}) and its {@code conf} is valid
 *       for it (builtin: {@code caCert.RSAbits} from 1024 to 4096, {@code caCert.expiration} a Kuma
 *       duration; provided: {@code cert} and {@code key} data sources). Like Kong Mesh, several
 *       backends are allowed (CA rotation); Kuma OSS allows one.
 *   <li>Logging: names non-empty and unique, type {@code file} ({@code conf.path}) or {@code tcp}
 *       ({@code conf.address} as {@code host:port}), {@code defaultBackend} names a backend.
 *   <li>Tracing: names non-empty and unique, sampling in [0, 100], type {@code zipkin} ({@code
 *       conf.url} with an explicit port, {@code conf.apiVersion}) or {@code datadog} ({@code
 *       conf.address}, {@code conf.port}), {@code defaultBackend} names a backend.
 *   <li>Metrics: names unique, type {@code prometheus} ({@code conf.envoy.filterRegex} compiles,
 *       {@code conf.aggregate[].name} unique), {@code enabledBackend} names a backend.
 *   <li>Constraints: every requirement and restriction has at least one tag, selector charset.
 *   <li>{@code routing.zoneEgress} needs mTLS (violation at {@code mtls}).
 * </ol>
 *
 * <p>Deliberate differences from Kuma 2.0: violations carry the real field paths ({@code
 * mtls.backends[0].dpCert.rotation.expiration}, {@code logging.backends[0].conf.path}) where Kuma
 * reports {@code mtls.dpcert.rotation.expiration} and {@code logging.backends[0].config.path}; an
 * empty {@code dpCert.rotation.expiration} means the default instead of an error; access-log format
 * strings are checked for operators the proxy does not know ({@code AccessLogFormats}), where Kuma
 * defers to Envoy's parser.
 *
 * <p>With a context ({@link #validate(MeshSpec, ResourceMeta, ValidationContext, Errors)}) it also
 * rejects a switch of the enabled CA while mTLS is on that would break trust (spec/core.md §1.2,
 * Appendix B: Kong Mesh rotates a CA by adding the new backend, switching {@code enabledBackend} to
 * it, then removing the old one; proxies trust every listed backend, so the switch is allowed only
 * to a backend that was already listed, keeping the old one listed), builtin CA backends whose
 * secret name {@code <mesh>.ca-builtin-cert-<backend>} is not a lowercase DNS name, and provided-CA
 * secrets that do not exist in the mesh.
 */
public final class MeshValidator implements Validator<MeshSpec> {
  /**
   * The largest builtin CA key: a larger one takes the control plane minutes to generate while the
   * Mesh write waits.
   */
  public static final int MAX_RSA_BITS = 4096;

  private static final Set<String> CA_TYPES = Set.of("builtin", "provided");
  private static final Set<String> TLS_MODES =
      Set.of("activeMTLSBackend", "providedTLS", "disabled");
  private static final Pattern DNS_NAME =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Set<String> ZIPKIN_API_VERSIONS =
      Set.of("httpJsonV1", "httpJson", "httpProto");

  @Override
  public void validate(MeshSpec spec, Errors errors) {
    validateMtls(Path.of("mtls"), spec.mtls(), errors);
    validateLogging(Path.of("logging"), spec.logging(), errors);
    validateTracing(Path.of("tracing"), spec.tracing(), errors);
    validateMetrics(Path.of("metrics"), spec.metrics(), errors);
    validateConstraints(Path.of("constraints"), spec.constraints(), errors);
    if (spec.isZoneEgressEnabled() && !spec.isMtlsEnabled()) {
      errors.add("mtls", "has to be set when zoneEgress enabled");
    }
  }

  private static Set<String> backendNames(MeshSpec spec) {
    Set<String> names = new java.util.HashSet<>();
    if (spec.mtls() != null) {
      for (CertificateAuthorityBackend b : spec.mtls().backends()) {
        if (b != null) {
          names.add(b.name());
        }
      }
    }
    return names;
  }

  @Override
  public void validate(MeshSpec spec, ResourceMeta meta, ValidationContext context, Errors errors) {
    validate(spec, errors);
    Optional<Resource<?>> existing = context.find("Mesh", "", meta.name());
    if (existing.isPresent() && existing.get().spec() instanceof MeshSpec old) {
      if (old.isMtlsEnabled()
          && spec.isMtlsEnabled()
          && !old.mtls().enabledBackend().equals(spec.mtls().enabledBackend())) {
        boolean newWasListed = backendNames(old).contains(spec.mtls().enabledBackend());
        boolean oldStaysListed = backendNames(spec).contains(old.mtls().enabledBackend());
        if (!newWasListed || !oldStaysListed) {
          errors.add(
              "mtls.enabledBackend",
              "switching the CA from \""
                  + old.mtls().enabledBackend()
                  + "\" to \""
                  + spec.mtls().enabledBackend()
                  + "\" while mTLS is on must keep both trusted: first add the new backend,"
                  + " then switch enabledBackend to it, then remove the old one");
        }
      }
    }
    if (spec.mtls() != null) {
      List<CertificateAuthorityBackend> backends = spec.mtls().backends();
      for (int i = 0; i < backends.size(); i++) {
        CertificateAuthorityBackend b = backends.get(i);
        if (b != null && b.type().equals("builtin") && !b.name().isEmpty()) {
          String secretName = meta.name() + ".ca-builtin-cert-" + b.name();
          if (secretName.length() > 255 || !DNS_NAME.matcher(secretName).matches()) {
            errors.add(
                Path.of("mtls.backends").index(i).field("name"),
                "the CA secret name \""
                    + secretName
                    + "\" must be a lowercase DNS name of at most 255 characters");
          }
        }
        if (b != null && b.type().equals("provided") && b.conf() != null) {
          Path conf = Path.of("mtls.backends").index(i).field("conf");
          checkSecretExists(conf.field("cert"), b.conf().path("cert"), meta, context, errors);
          checkSecretExists(conf.field("key"), b.conf().path("key"), meta, context, errors);
        }
      }
    }
  }

  private static void checkSecretExists(
      Path path, JsonNode source, ResourceMeta meta, ValidationContext context, Errors errors) {
    JsonNode secret = source.path("secret");
    if (secret.isTextual() && !secret.asText().isEmpty()) {
      String name = secret.asText();
      if (context.find("Secret", meta.name(), name).isEmpty()) {
        errors.add(
            path.field("secret"),
            "secret \"" + name + "\" not found in mesh \"" + meta.name() + "\"");
      }
    }
  }

  // ---------------------------------------------------------------- mTLS

  private static void validateMtls(Path path, MeshSpec.Mtls mtls, Errors errors) {
    if (mtls == null) {
      return;
    }
    Path backendsPath = path.field("backends");
    List<CertificateAuthorityBackend> backends = mtls.backends();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < backends.size(); i++) {
      CertificateAuthorityBackend b = backends.get(i);
      if (b == null) {
        errors.add(backendsPath.index(i), "cannot be empty");
        continue;
      }
      if (b.name().isEmpty()) {
        errors.add(backendsPath.index(i).field("name"), "cannot be empty");
      } else if (!names.add(b.name())) {
        errors.add(
            backendsPath.index(i).field("name"),
            "\"" + b.name() + "\" name is already used for another backend");
      }
    }
    if (!mtls.enabledBackend().isEmpty() && !names.contains(mtls.enabledBackend())) {
      errors.add(path.field("enabledBackend"), "has to be set to one of the backends in the mesh");
    }
    for (int i = 0; i < backends.size(); i++) {
      CertificateAuthorityBackend b = backends.get(i);
      if (b != null && b.dpCert() != null && b.dpCert().rotation() != null) {
        String expiration = b.dpCert().rotation().expiration();
        String problem = expiration.isEmpty() ? null : kumaDurationProblem(expiration);
        if (problem != null) {
          errors.add(
              backendsPath.index(i).field("dpCert").field("rotation").field("expiration"), problem);
        }
      }
    }
    for (int i = 0; i < backends.size(); i++) {
      CertificateAuthorityBackend b = backends.get(i);
      if (b == null) {
        continue;
      }
      Path at = backendsPath.index(i);
      if (b.type().isEmpty()) {
        errors.add(at.field("type"), "cannot be empty");
      } else if (!CA_TYPES.contains(b.type())) {
        errors.add(
            at.field("type"),
            "could not find installed plugin for type \""
                + b.type()
                + "\": expected builtin or provided");
      } else if (b.type().equals("builtin")) {
        validateBuiltinCaConf(at.field("conf"), b.conf(), errors);
      } else {
        validateProvidedCaConf(at.field("conf"), b.conf(), errors);
      }
    }
  }

  /** Why a Kuma duration is not accepted (Kuma's words for the format), or null. */
  private static String kumaDurationProblem(String value) {
    try {
      KumaDurations.parse(value);
      return null;
    } catch (DurationOutOfRangeException e) {
      return e.getMessage();
    } catch (IllegalArgumentException e) {
      return "has to be a valid format: "
          + Quoting.quote(value)
          + " is not an integer with one unit of y, w, d, h, m, s, ms (e.g. 1d) or 0";
    }
  }

  private static void validateBuiltinCaConf(Path path, JsonNode conf, Errors errors) {
    if (conf == null) {
      return;
    }
    if (!conf.isObject()) {
      errors.add(path, "must be an object");
      return;
    }
    JsonNode caCert = conf.path("caCert");
    if (caCert.isMissingNode() || caCert.isNull()) {
      return;
    }
    if (!caCert.isObject()) {
      errors.add(path.field("caCert"), "must be an object");
      return;
    }
    JsonNode bits = caCert.path("RSAbits");
    if (!bits.isMissingNode() && !bits.isNull()) {
      if (!bits.canConvertToLong()
          || !bits.isIntegralNumber()
          || bits.asLong() < 1024
          || bits.asLong() > MAX_RSA_BITS) {
        errors.add(
            path.field("caCert").field("RSAbits"),
            "must be an integer from 1024 to " + MAX_RSA_BITS);
      }
    }
    JsonNode expiration = caCert.path("expiration");
    if (!expiration.isMissingNode() && !expiration.isNull()) {
      if (!expiration.isTextual()) {
        errors.add(path.field("caCert").field("expiration"), "must be a string such as 10y");
      } else if (!expiration.asText().isEmpty()
          && kumaDurationProblem(expiration.asText()) != null) {
        errors.add(
            path.field("caCert").field("expiration"), kumaDurationProblem(expiration.asText()));
      }
    }
  }

  private static void validateProvidedCaConf(Path path, JsonNode conf, Errors errors) {
    if (conf == null) {
      errors.add(path, "cannot be empty");
      return;
    }
    if (!conf.isObject()) {
      errors.add(path, "must be an object");
      return;
    }
    DataSource.validate(path.field("cert"), dataSource(conf.path("cert")), errors);
    DataSource.validate(path.field("key"), dataSource(conf.path("key")), errors);
  }

  private static DataSource dataSource(JsonNode node) {
    if (!node.isObject()) {
      return null;
    }
    return new DataSource(
        textOrEmpty(node, "secret"),
        textOrEmpty(node, "file"),
        textOrEmpty(node, "inline"),
        node.has("inlineString")
            ? textOrEmpty(node, "inlineString")
            : textOrEmpty(node, "inline_string"));
  }

  // ---------------------------------------------------------------- logging

  private static void validateLogging(Path path, MeshSpec.Logging logging, Errors errors) {
    if (logging == null) {
      return;
    }
    Set<String> names = new HashSet<>();
    List<LoggingBackend> backends = logging.backends();
    for (int i = 0; i < backends.size(); i++) {
      LoggingBackend b = backends.get(i);
      Path at = path.field("backends").index(i);
      if (b == null) {
        errors.add(at, "cannot be empty");
        continue;
      }
      if (b.name().isEmpty()) {
        errors.add(at.field("name"), "cannot be empty");
      }
      switch (b.type()) {
        case "file" -> validateLoggingFile(at.field("conf"), b.conf(), errors);
        case "tcp" -> validateLoggingTcp(at.field("conf"), b.conf(), errors);
        default ->
            errors.add(
                at.field("type"), "unknown backend type. Available backends: \"tcp\", \"file\"");
      }
      for (String problem : AccessLogFormats.problems(b.format())) {
        errors.add(at.field("format"), problem);
      }
      if (!names.add(b.name()) && !b.name().isEmpty()) {
        errors.add(
            at.field("name"), "\"" + b.name() + "\" name is already used for another backend");
      }
    }
    if (!logging.defaultBackend().isEmpty() && !names.contains(logging.defaultBackend())) {
      errors.add(
          path.field("defaultBackend"), "has to be set to one of the logging backend in mesh");
    }
  }

  private static void validateLoggingFile(Path path, JsonNode conf, Errors errors) {
    JsonNode object = confObject(path, conf, errors);
    if (object == null) {
      return;
    }
    Optional<String> filePath = stringField(path, object, "path", errors);
    if (filePath.isPresent() && filePath.get().isEmpty()) {
      errors.add(path.field("path"), "cannot be empty");
    }
  }

  private static void validateLoggingTcp(Path path, JsonNode conf, Errors errors) {
    JsonNode object = confObject(path, conf, errors);
    if (object == null) {
      return;
    }
    Optional<String> address = stringField(path, object, "address", errors);
    if (address.isEmpty()) {
      return;
    }
    if (address.get().isEmpty()) {
      errors.add(path.field("address"), "cannot be empty");
    } else if (!isHostPort(address.get())) {
      errors.add(path.field("address"), "has to be in format of HOST:PORT");
    }
  }

  /** Go's {@code net.SplitHostPort} with non-empty host and port. */
  private static boolean isHostPort(String address) {
    String host;
    String port;
    if (address.startsWith("[")) {
      int end = address.indexOf("]:");
      if (end < 0) {
        return false;
      }
      host = address.substring(1, end);
      port = address.substring(end + 2);
    } else {
      int colon = address.lastIndexOf(':');
      if (colon < 0 || address.indexOf(':') != colon) {
        return false;
      }
      host = address.substring(0, colon);
      port = address.substring(colon + 1);
    }
    return !host.isEmpty() && !port.isEmpty();
  }

  // ---------------------------------------------------------------- tracing

  private static void validateTracing(Path path, MeshSpec.Tracing tracing, Errors errors) {
    if (tracing == null) {
      return;
    }
    Set<String> names = new HashSet<>();
    List<TracingBackend> backends = tracing.backends();
    for (int i = 0; i < backends.size(); i++) {
      TracingBackend b = backends.get(i);
      Path at = path.field("backends").index(i);
      if (b == null) {
        errors.add(at, "cannot be empty");
        continue;
      }
      if (b.name().isEmpty()) {
        errors.add(at.field("name"), "cannot be empty");
      }
      if (b.sampling() != null && (b.sampling() < 0.0 || b.sampling() > 100.0)) {
        errors.add(at.field("sampling"), "has to be in [0.0 - 100.0] range");
      }
      switch (b.type()) {
        case "zipkin" -> validateZipkin(at.field("conf"), b.conf(), errors);
        case "datadog" -> validateDatadog(at.field("conf"), b.conf(), errors);
        default ->
            errors.add(
                at.field("type"),
                "unknown backend type. Available backends: \"zipkin\", \"datadog\"");
      }
      if (!names.add(b.name()) && !b.name().isEmpty()) {
        errors.add(
            at.field("name"), "\"" + b.name() + "\" name is already used for another backend");
      }
    }
    if (!tracing.defaultBackend().isEmpty() && !names.contains(tracing.defaultBackend())) {
      errors.add(
          path.field("defaultBackend"), "has to be set to one of the tracing backend in mesh");
    }
  }

  private static void validateZipkin(Path path, JsonNode conf, Errors errors) {
    JsonNode object = confObject(path, conf, errors);
    if (object == null) {
      return;
    }
    Optional<String> apiVersion = stringField(path, object, "apiVersion", errors);
    if (apiVersion.isPresent()
        && !apiVersion.get().isEmpty()
        && !ZIPKIN_API_VERSIONS.contains(apiVersion.get())) {
      errors.add(
          path.field("apiVersion"),
          "has invalid value. Allowed values: httpJsonV1, httpJson, httpProto");
    }
    Optional<String> url = stringField(path, object, "url", errors);
    if (url.isEmpty()) {
      return;
    }
    if (url.get().isEmpty()) {
      errors.add(path.field("url"), "cannot be empty");
      return;
    }
    URI uri;
    try {
      uri = new URI(url.get());
    } catch (URISyntaxException e) {
      errors.add(path.field("url"), "invalid URL");
      return;
    }
    if (!uri.isAbsolute() && !url.get().startsWith("/")) {
      errors.add(path.field("url"), "invalid URL");
    } else if (!hasExplicitPort(uri)) {
      errors.add(path.field("url"), "port has to be explicitly specified");
    }
  }

  private static boolean hasExplicitPort(URI uri) {
    if (uri.getPort() >= 0) {
      return true;
    }
    String authority = uri.getRawAuthority();
    if (authority == null) {
      return false;
    }
    int bracket = authority.lastIndexOf(']');
    int colon = authority.lastIndexOf(':');
    if (colon < 0 || colon < bracket) {
      return false;
    }
    String port = authority.substring(colon + 1);
    return !port.isEmpty() && port.chars().allMatch(Character::isDigit);
  }

  private static void validateDatadog(Path path, JsonNode conf, Errors errors) {
    JsonNode object = confObject(path, conf, errors);
    if (object == null) {
      return;
    }
    Optional<String> address = stringField(path, object, "address", errors);
    if (address.isPresent() && address.get().isEmpty()) {
      errors.add(path.field("address"), "cannot be empty");
    }
    JsonNode port = object.path("port");
    long value = port.isIntegralNumber() ? port.asLong() : 0;
    if (value < 1 || value > 65535) {
      errors.add(path.field("port"), "port must be in the range [1, 65535]");
    }
  }

  // ---------------------------------------------------------------- metrics

  private static void validateMetrics(Path path, MeshSpec.Metrics metrics, Errors errors) {
    if (metrics == null) {
      return;
    }
    Set<String> names = new HashSet<>();
    List<MetricsBackend> backends = metrics.backends();
    for (int i = 0; i < backends.size(); i++) {
      MetricsBackend b = backends.get(i);
      Path at = path.field("backends").index(i);
      if (b == null) {
        errors.add(at, "cannot be empty");
        continue;
      }
      if (names.contains(b.name())) {
        errors.add(
            at.field("name"), "\"" + b.name() + "\" name is already used for another backend");
      }
      validateMetricsBackend(at, b, errors);
      names.add(b.name());
    }
    if (!metrics.enabledBackend().isEmpty() && !names.contains(metrics.enabledBackend())) {
      errors.add(path.field("enabledBackend"), "has to be set to one of the backends in the mesh");
    }
  }

  /**
   * Validates one metrics backend at {@code path}: its type must be {@code prometheus} and its
   * {@code conf} valid (spec/core.md §1.3). Shared with the Dataplane's own {@code metrics}
   * override, which has the same shape.
   */
  public static void validateMetricsBackend(Path path, MetricsBackend backend, Errors errors) {
    if (!backend.type().equals("prometheus")) {
      errors.add(path.field("type"), "unknown backend type. Available backends: \"prometheus\"");
      return;
    }
    JsonNode conf = backend.conf();
    Path confPath = path.field("conf");
    if (conf == null) {
      return;
    }
    if (!conf.isObject()) {
      errors.add(confPath, "must be an object");
      return;
    }
    ConfShapes.integer(confPath, conf, "port", 0, 65535, errors);
    ConfShapes.text(confPath, conf, "path", errors);
    ConfShapes.bool(confPath, conf, "skipMTLS", errors);
    ConfShapes.textMap(confPath, conf, "tags", errors);
    ConfShapes.object(confPath, conf, "tls", errors)
        .ifPresent(
            tls ->
                ConfShapes.text(confPath.field("tls"), tls, "mode", errors)
                    .filter(m -> !m.isEmpty() && !TLS_MODES.contains(m))
                    .ifPresent(
                        m ->
                            errors.add(
                                confPath.field("tls").field("mode"),
                                "unknown mode "
                                    + Quoting.quote(m)
                                    + ": expected one of activeMTLSBackend, providedTLS,"
                                    + " disabled")));
    ConfShapes.object(confPath, conf, "envoy", errors)
        .ifPresent(
            envoy -> {
              ConfShapes.text(confPath.field("envoy"), envoy, "filterRegex", errors);
              ConfShapes.bool(confPath.field("envoy"), envoy, "usedOnly", errors);
            });
    ConfShapes.list(confPath, conf, "aggregate", errors)
        .ifPresent(
            entries -> {
              for (int i = 0; i < entries.size(); i++) {
                Path at = confPath.field("aggregate").index(i);
                JsonNode entry = entries.get(i);
                if (!entry.isObject()) {
                  errors.add(at, "must be an object");
                  continue;
                }
                ConfShapes.text(at, entry, "name", errors)
                    .filter(String::isEmpty)
                    .ifPresent(n -> errors.add(at.field("name"), "cannot be empty"));
                if (entry.path("port").isMissingNode() || entry.path("port").isNull()) {
                  errors.add(at.field("port"), "port must be in the range [1, 65535]");
                } else {
                  ConfShapes.integer(at, entry, "port", 1, 65535, errors);
                }
                ConfShapes.text(at, entry, "path", errors);
                ConfShapes.bool(at, entry, "enabled", errors);
              }
            });
    JsonNode regex = conf.path("envoy").path("filterRegex");
    if (regex.isTextual() && !regex.asText().isEmpty()) {
      try {
        com.google.re2j.Pattern.compile(regex.asText());
      } catch (com.google.re2j.PatternSyntaxException e) {
        errors.add(
            confPath.field("envoy").field("filterRegex"),
            "provided regexp isn't correct: " + e.getDescription());
        return;
      }
    }
    JsonNode aggregate = conf.path("aggregate");
    if (aggregate.isArray()) {
      Set<String> used = new HashSet<>();
      for (int i = 0; i < aggregate.size(); i++) {
        String name = aggregate.get(i).path("name").asText("");
        if (!used.add(name)) {
          errors.add(
              confPath.field("aggregate").index(i).field("name"),
              "duplicate entry: " + name + ", values have to be unique");
        }
      }
    }
  }

  // ---------------------------------------------------------------- constraints

  private static void validateConstraints(
      Path path, MeshSpec.Constraints constraints, Errors errors) {
    if (constraints == null || constraints.dataplaneProxy() == null) {
      return;
    }
    Path at = path.field("dataplaneProxy");
    List<MeshSpec.Rules> requirements = constraints.dataplaneProxy().requirements();
    for (int i = 0; i < requirements.size(); i++) {
      MeshSpec.Rules rule = requirements.get(i);
      TagRules.validateSelector(
          at.field("requirements").index(i).field("tags"),
          rule == null ? null : rule.tags(),
          false,
          errors);
    }
    List<MeshSpec.Rules> restrictions = constraints.dataplaneProxy().restrictions();
    for (int i = 0; i < restrictions.size(); i++) {
      MeshSpec.Rules rule = restrictions.get(i);
      TagRules.validateSelector(
          at.field("restrictions").index(i).field("tags"),
          rule == null ? null : rule.tags(),
          false,
          errors);
    }
  }

  // ---------------------------------------------------------------- conf access

  /**
   * A backend's {@code conf} tree as an object: an empty one when absent, null (with a violation)
   * when it is not an object.
   */
  private static JsonNode confObject(Path path, JsonNode conf, Errors errors) {
    if (conf == null) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!conf.isObject()) {
      errors.add(path, "must be an object");
      return null;
    }
    return conf;
  }

  /**
   * The string field {@code name} of a {@code conf} object: empty when absent, nothing (with a
   * violation) when the value is not a string.
   */
  private static Optional<String> stringField(
      Path path, JsonNode conf, String name, Errors errors) {
    JsonNode value = conf.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.of("");
    }
    if (!value.isTextual()) {
      errors.add(path.field(name), "must be a string");
      return Optional.empty();
    }
    return Optional.of(value.asText());
  }

  private static String textOrEmpty(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isValueNode() ? v.asText("") : "";
  }
}
