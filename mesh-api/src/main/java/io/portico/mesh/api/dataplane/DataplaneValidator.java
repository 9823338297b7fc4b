package io.portico.mesh.api.dataplane;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceMeta;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.ValidationContext;
import io.portico.mesh.api.Validator;
import io.portico.mesh.api.dataplane.DataplaneSpec.Inbound;
import io.portico.mesh.api.dataplane.DataplaneSpec.Networking;
import io.portico.mesh.api.dataplane.DataplaneSpec.Outbound;
import io.portico.mesh.api.dataplane.DataplaneSpec.Probes;
import io.portico.mesh.api.dataplane.DataplaneSpec.ServiceProbe;
import io.portico.mesh.api.mesh.MeshSpec;
import io.portico.mesh.api.mesh.MeshValidator;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import io.portico.mesh.api.validation.TagRules;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Validates a Dataplane spec with Kuma's rules and messages, in Kuma's order (spec/core.md §2.2,
 * spec/gateway.md §1.4):
 *
 * <ol>
 *   <li>{@code networking} must be defined (validation stops here otherwise);
 *   <li>a non-zero admin port must not collide with an inbound or outbound listening on loopback;
 *   <li>by kind: a delegated gateway has no inbounds; a builtin gateway has no inbounds, outbounds
 *       or probes; a regular dataplane has at least one inbound. Gateway tags need {@code
 *       kuma.io/service} and only {@code kuma.io/protocol: tcp};
 *   <li>address (not empty, not unspecified, IP or DNS name), advertised address (IP or DNS name, a
 *       Portico addition), each inbound (ports, addresses, tags, protocol, service probe, then
 *       {@code kuma.io/service}), each outbound (port, IP address, tags with {@code
 *       kuma.io/service} or the legacy {@code service}), transparent-proxying ports;
 *   <li>probes (not for builtin gateways) and the metrics override.
 * </ol>
 *
 * <p>With a context ({@link #validate(DataplaneSpec, ResourceMeta, ValidationContext, Errors)}) it
 * also applies the membership constraints of the owning Mesh (spec/core.md §2.7): every inbound tag
 * set and the gateway tags must satisfy one requirement (when there are any) and no restriction.
 */
public final class DataplaneValidator implements Validator<DataplaneSpec> {
  private static final Set<String> PROTOCOLS = Set.of("grpc", "http", "http2", "kafka", "tcp");
  private static final String LOOPBACK = "127.0.0.1";

  @Override
  public void validate(DataplaneSpec spec, Errors errors) {
    Path net = Path.of("networking");
    Networking networking = spec.networking();
    if (networking == null) {
      errors.add(net, "must be defined");
      return;
    }
    validateAdmin(net, networking, errors);
    if (spec.isDelegatedGateway()) {
      if (!networking.inbound().isEmpty()) {
        errors.add(net.field("inbound"), "inbound cannot be defined for delegated gateways");
      }
      validateGatewayTags(net.field("gateway").field("tags"), networking.gateway().tags(), errors);
      validateNetworking(net, networking, errors);
      validateProbes(spec.probes(), errors);
    } else if (spec.isBuiltinGateway()) {
      if (!networking.inbound().isEmpty()) {
        errors.add(net.field("inbound"), "inbound cannot be defined for builtin gateways");
      }
      if (!networking.outbound().isEmpty()) {
        errors.add(net.field("outbound"), "outbound cannot be defined for builtin gateways");
      }
      if (spec.probes() != null) {
        errors.add(net.field("probes"), "probes cannot be defined for builtin gateways");
      }
      validateGatewayTags(net.field("gateway").field("tags"), networking.gateway().tags(), errors);
      validateNetworking(net, networking, errors);
    } else {
      if (networking.inbound().isEmpty()) {
        errors.add(net, "has to contain at least one inbound interface or gateway");
      }
      validateNetworking(net, networking, errors);
      validateProbes(spec.probes(), errors);
    }
    if (spec.metrics() != null) {
      MeshValidator.validateMetricsBackend(Path.of("metrics"), spec.metrics(), errors);
    }
  }

  @Override
  public void validate(
      DataplaneSpec spec, ResourceMeta meta, ValidationContext context, Errors errors) {
    validate(spec, errors);
    if (spec.networking() == null) {
      return;
    }
    Optional<Resource<?>> mesh = context.find("Mesh", "", meta.mesh());
    if (mesh.isEmpty()
        || !(mesh.get().spec() instanceof MeshSpec meshSpec)
        || meshSpec.constraints() == null
        || meshSpec.constraints().dataplaneProxy() == null) {
      return;
    }
    MeshSpec.DataplaneProxyConstraints constraints = meshSpec.constraints().dataplaneProxy();
    Path net = Path.of("networking");
    List<Inbound> inbounds = spec.networking().inbound();
    for (int i = 0; i < inbounds.size(); i++) {
      if (inbounds.get(i) != null) {
        checkMembership(
            net.field("inbound").index(i).field("tags"),
            inbounds.get(i).tags(),
            meta.mesh(),
            constraints,
            errors);
      }
    }
    if (spec.isGateway()) {
      checkMembership(
          net.field("gateway").field("tags"),
          spec.networking().gateway().tags(),
          meta.mesh(),
          constraints,
          errors);
    }
  }

  private static void checkMembership(
      Path path,
      Map<String, String> tags,
      String mesh,
      MeshSpec.DataplaneProxyConstraints constraints,
      Errors errors) {
    if (!constraints.requirements().isEmpty()
        && constraints.requirements().stream()
            .noneMatch(r -> r != null && Selector.of(r.tags()).matches(tags))) {
      errors.add(
          path,
          "dataplane cannot be a member of mesh \""
              + mesh
              + "\" because its tags \""
              + tagSet(tags)
              + "\" does not fulfill any requirements defined on the Mesh");
    }
    for (MeshSpec.Rules restriction : constraints.restrictions()) {
      if (restriction != null && Selector.of(restriction.tags()).matches(tags)) {
        errors.add(
            path,
            "dataplane cannot be a member of mesh \""
                + mesh
                + "\" because its tags \""
                + tagSet(tags)
                + "\" matches restricted tags \""
                + tagSet(restriction.tags())
                + "\" defined on the Mesh");
      }
    }
  }

  private static String tagSet(Map<String, String> tags) {
    return new TreeMap<>(tags)
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(" "));
  }

  // ---------------------------------------------------------------- admin

  private static void validateAdmin(Path net, Networking networking, Errors errors) {
    if (networking.admin() == null || networking.admin().port() == 0) {
      return;
    }
    int port = networking.admin().port();
    Path at = net.field("admin").field("port");
    boolean inbound =
        networking.inbound().stream()
            .anyMatch(
                in -> {
                  if (in == null) {
                    return false;
                  }
                  String dataplaneIp = in.address().isEmpty() ? networking.address() : in.address();
                  String workloadIp =
                      in.serviceAddress().isEmpty() ? LOOPBACK : in.serviceAddress();
                  int workloadPort = in.servicePort() == 0 ? in.port() : in.servicePort();
                  return (port == in.port() && overlapsLoopback(dataplaneIp))
                      || (port == workloadPort && overlapsLoopback(workloadIp));
                });
    if (inbound) {
      errors.add(at, "must differ from inbound");
    }
    boolean outbound =
        networking.outbound().stream()
            .anyMatch(
                out ->
                    out != null
                        && port == out.port()
                        && overlapsLoopback(out.address().isEmpty() ? LOOPBACK : out.address()));
    if (outbound) {
      errors.add(at, "must differ from outbound");
    }
  }

  private static boolean overlapsLoopback(String ip) {
    return ip.equals(LOOPBACK) || ip.equals("0.0.0.0") || ip.equals("::");
  }

  // ---------------------------------------------------------------- gateway

  private static void validateGatewayTags(Path path, Map<String, String> tags, Errors errors) {
    if (tags.isEmpty()) {
      errors.add(path, "mandatory tag \"" + TagRules.SERVICE + "\" is missing");
      return;
    }
    String protocol = tags.get(TagRules.PROTOCOL);
    if (protocol != null && !protocol.equals("tcp")) {
      errors.add(
          path.key(TagRules.PROTOCOL),
          "other values than tcp are not allowed, provided value \"" + protocol + "\"");
    }
    TagRules.validateTags(path, tags, true, errors);
  }

  // ---------------------------------------------------------------- networking

  private static void validateNetworking(Path net, Networking networking, Errors errors) {
    NetworkAddresses.validate(net.field("address"), networking.address(), errors);
    if (!networking.advertisedAddress().isEmpty()
        && !NetworkAddresses.isIp(networking.advertisedAddress())
        && !NetworkAddresses.isDnsName(networking.advertisedAddress())) {
      errors.add(
          net.field("advertisedAddress"), "address has to be valid IP address or domain name");
    }
    List<Inbound> inbounds = networking.inbound();
    for (int i = 0; i < inbounds.size(); i++) {
      Path at = net.field("inbound").index(i);
      Inbound inbound = inbounds.get(i);
      if (inbound == null) {
        errors.add(at, "cannot be empty");
        continue;
      }
      validateInbound(at, inbound, networking.address(), errors);
      if (!inbound.tags().containsKey(TagRules.SERVICE)) {
        errors.add(at.field("tags").key(TagRules.SERVICE), "tag has to exist");
      }
    }
    List<Outbound> outbounds = networking.outbound();
    for (int i = 0; i < outbounds.size(); i++) {
      Path at = net.field("outbound").index(i);
      if (outbounds.get(i) == null) {
        errors.add(at, "cannot be empty");
        continue;
      }
      validateOutbound(at, outbounds.get(i), errors);
    }
    DataplaneSpec.TransparentProxying tp = networking.transparentProxying();
    if (tp != null) {
      Path at = net.field("transparentProxying");
      checkOptionalPort(at.field("redirectPortInbound"), tp.redirectPortInbound(), errors);
      checkOptionalPort(at.field("redirectPortOutbound"), tp.redirectPortOutbound(), errors);
      checkOptionalPort(at.field("redirectPortInboundV6"), tp.redirectPortInboundV6(), errors);
    }
  }

  private static void validateInbound(
      Path path, Inbound inbound, String dataplaneAddress, Errors errors) {
    checkPort(path.field("port"), inbound.port(), errors);
    if (inbound.servicePort() != 0) {
      checkPort(path.field("servicePort"), inbound.servicePort(), errors);
    }
    if (!inbound.serviceAddress().isEmpty()) {
      if (!NetworkAddresses.isIp(inbound.serviceAddress())) {
        errors.add(path.field("serviceAddress"), "serviceAddress has to be valid IP address");
      }
      if (inbound.serviceAddress().equals(dataplaneAddress)
          && (inbound.servicePort() == 0 || inbound.servicePort() == inbound.port())) {
        errors.add(
            path.field("serviceAddress"),
            "serviceAddress and servicePort has to differ from address and port");
      }
    }
    if (!inbound.address().isEmpty()) {
      if (!NetworkAddresses.isIp(inbound.address())) {
        errors.add(path.field("address"), "address has to be valid IP address");
      }
      if (inbound.address().equals(inbound.serviceAddress())
          && (inbound.servicePort() == 0 || inbound.servicePort() == inbound.port())) {
        errors.add(
            path.field("serviceAddress"),
            "serviceAddress and servicePort has to differ from address and port");
      }
    }
    Path tags = path.field("tags");
    String protocol = inbound.tags().get(TagRules.PROTOCOL);
    if (protocol != null && !PROTOCOLS.contains(protocol.toLowerCase(Locale.ROOT))) {
      errors.add(
          tags.key(TagRules.PROTOCOL),
          "tag \""
              + TagRules.PROTOCOL
              + "\" has an invalid value \""
              + protocol
              + "\". Allowed values: grpc, http, http2, kafka, tcp");
    }
    if (!inbound.tags().isEmpty()) {
      TagRules.validateTags(tags, inbound.tags(), false, errors);
    }
    ServiceProbe probe = inbound.serviceProbe();
    if (probe != null) {
      Path at = path.field("serviceProbe");
      checkPositive(at.field("interval"), probe.interval(), errors);
      checkPositive(at.field("timeout"), probe.timeout(), errors);
      if (probe.unhealthyThreshold() != null && probe.unhealthyThreshold() <= 0) {
        errors.add(at.field("unhealthyThreshold"), "must have a positive value");
      }
      if (probe.healthyThreshold() != null && probe.healthyThreshold() <= 0) {
        errors.add(at.field("healthyThreshold"), "must have a positive value");
      }
    }
  }

  private static void checkPositive(Path path, Duration duration, Errors errors) {
    if (duration != null && (duration.isZero() || duration.isNegative())) {
      errors.add(path, "must have a positive value");
    }
  }

  private static void validateOutbound(Path path, Outbound outbound, Errors errors) {
    checkPort(path.field("port"), outbound.port(), errors);
    if (!outbound.address().isEmpty() && !NetworkAddresses.isIp(outbound.address())) {
      errors.add(path.field("address"), "address has to be valid IP address");
    }
    if (outbound.tags().isEmpty()) {
      if (outbound.service().isEmpty()) {
        errors.add(path.field("tags"), "mandatory tag \"" + TagRules.SERVICE + "\" is missing");
      }
    } else {
      TagRules.validateTags(path.field("tags"), outbound.tags(), true, errors);
    }
  }

  // ---------------------------------------------------------------- probes

  private static void validateProbes(Probes probes, Errors errors) {
    if (probes == null) {
      return;
    }
    Path path = Path.of("probes");
    checkPort(path.field("port"), probes.port(), errors);
    for (int i = 0; i < probes.endpoints().size(); i++) {
      DataplaneSpec.Endpoint endpoint = probes.endpoints().get(i);
      Path at = path.field("endpoints").index(i);
      if (endpoint == null) {
        errors.add(at, "cannot be empty");
        continue;
      }
      checkPort(at.field("inboundPort"), endpoint.inboundPort(), errors);
      if (!isRequestUri(endpoint.inboundPath())) {
        errors.add(at.field("inboundPath"), "should be a valid URL Path");
      }
      if (!isRequestUri(endpoint.path())) {
        errors.add(at.field("path"), "should be a valid URL Path");
      }
    }
  }

  /** Go's {@code url.ParseRequestURI}: an absolute URI or an absolute path. */
  private static boolean isRequestUri(String text) {
    if (text.isEmpty()) {
      return false;
    }
    try {
      URI uri = new URI(text);
      return uri.isAbsolute() || text.startsWith("/");
    } catch (URISyntaxException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- ports

  private static void checkPort(Path path, int port, Errors errors) {
    if (port < 1 || port > 65535) {
      errors.add(path, "port must be in the range [1, 65535]");
    }
  }

  private static void checkOptionalPort(Path path, int port, Errors errors) {
    if (port != 0) {
      checkPort(path, port, errors);
    }
  }
}
