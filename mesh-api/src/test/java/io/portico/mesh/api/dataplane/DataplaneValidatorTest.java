package io.portico.mesh.api.dataplane;

import static io.portico.mesh.api.ValidationCases.v;
import static io.portico.mesh.api.ValidationCases.violationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.portico.mesh.api.FakeValidationContext;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ValidationCases;
import io.portico.mesh.api.mesh.MeshSpec;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.Violation;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of spec/gateway.md §1.4 and spec/core.md §2.2, one row per rule. */
class DataplaneValidatorTest {
  static String dataplane(String networking) {
    return "type: Dataplane\nmesh: default\nname: dp\nnetworking:\n" + networking.indent(2);
  }

  private static final String INBOUND =
      "inbound:\n- port: 8080\n  tags:\n    kuma.io/service: web\n";

  static String delegated(String more) {
    return dataplane("address: 10.0.0.1\ngateway:\n  tags:\n    kuma.io/service: kong\n" + more);
  }

  static String builtin(String more) {
    return dataplane(
        "address: 10.0.0.1\ngateway:\n  type: BUILTIN\n  tags:\n    kuma.io/service: edge\n"
            + more);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        arguments(
            "missingNetworkingIsRejected",
            "type: Dataplane\nmesh: default\nname: dp\n",
            List.of(v("networking", "must be defined"))),
        arguments(
            "gatewayTagsWithoutServiceAreRejected",
            dataplane("address: 10.0.0.1\ngateway:\n  tags:\n    team: a\n"),
            List.of(v("networking.gateway.tags", "mandatory tag \"kuma.io/service\" is missing"))),
        arguments(
            "emptyGatewayTagsAreRejected",
            dataplane("address: 10.0.0.1\ngateway:\n  type: BUILTIN\n"),
            List.of(v("networking.gateway.tags", "mandatory tag \"kuma.io/service\" is missing"))),
        arguments(
            "gatewayProtocolOtherThanTcpIsRejected",
            dataplane(
                "address: 10.0.0.1\ngateway:\n  tags:\n    kuma.io/service: kong\n"
                    + "    kuma.io/protocol: http\n"),
            List.of(
                v(
                    "networking.gateway.tags[\"kuma.io/protocol\"]",
                    "other values than tcp are not allowed, provided value \"http\""))),
        arguments(
            "delegatedGatewayWithInboundIsRejected",
            delegated(INBOUND),
            List.of(v("networking.inbound", "inbound cannot be defined for delegated gateways"))),
        arguments(
            "builtinGatewayWithInboundIsRejected",
            builtin(INBOUND),
            List.of(v("networking.inbound", "inbound cannot be defined for builtin gateways"))),
        arguments(
            "builtinGatewayWithOutboundIsRejected",
            builtin("outbound:\n- port: 10001\n  tags:\n    kuma.io/service: redis\n"),
            List.of(v("networking.outbound", "outbound cannot be defined for builtin gateways"))),
        arguments(
            "builtinGatewayWithProbesIsRejected",
            builtin("") + "probes:\n  port: 9000\n",
            List.of(v("networking.probes", "probes cannot be defined for builtin gateways"))),
        arguments(
            "dataplaneWithoutInboundOrGatewayIsRejected",
            dataplane("address: 10.0.0.1\n"),
            List.of(v("networking", "has to contain at least one inbound interface or gateway"))),
        arguments(
            "emptyAddressIsRejected",
            dataplane(INBOUND),
            List.of(v("networking.address", "address can't be empty"))),
        arguments(
            "unspecifiedIpv4AddressIsRejected",
            dataplane("address: 0.0.0.0\n" + INBOUND),
            List.of(v("networking.address", "must not be 0.0.0.0 or ::"))),
        arguments(
            "unspecifiedIpv6AddressIsRejected",
            dataplane("address: '::'\n" + INBOUND),
            List.of(v("networking.address", "must not be 0.0.0.0 or ::"))),
        arguments(
            "invalidAddressIsRejected",
            dataplane("address: 'not an address'\n" + INBOUND),
            List.of(v("networking.address", "address has to be valid IP address or domain name"))),
        arguments(
            "invalidAdvertisedAddressIsRejected",
            dataplane("address: 10.0.0.1\nadvertisedAddress: 'a b'\n" + INBOUND),
            List.of(
                v(
                    "networking.advertisedAddress",
                    "address has to be valid IP address or domain name"))),
        arguments(
            "outboundPortZeroIsRejected",
            delegated("outbound:\n- port: 0\n  tags:\n    kuma.io/service: redis\n"),
            List.of(v("networking.outbound[0].port", "port must be in the range [1, 65535]"))),
        arguments(
            "outboundAddressThatIsNotAnIpIsRejected",
            delegated(
                "outbound:\n- port: 10001\n  address: localhost\n  tags:\n    kuma.io/service: r\n"),
            List.of(v("networking.outbound[0].address", "address has to be valid IP address"))),
        arguments(
            "outboundWithoutTagsOrServiceIsRejected",
            delegated("outbound:\n- port: 10001\n"),
            List.of(
                v("networking.outbound[0].tags", "mandatory tag \"kuma.io/service\" is missing"))),
        arguments(
            "outboundTagsWithoutServiceAreRejected",
            delegated("outbound:\n- port: 10001\n  tags:\n    kuma.io/mesh: other\n"),
            List.of(
                v("networking.outbound[0].tags", "mandatory tag \"kuma.io/service\" is missing"))),
        arguments(
            "adminPortOfAnInboundIsRejected",
            dataplane("address: 10.0.0.1\nadmin:\n  port: 8080\n" + INBOUND),
            List.of(v("networking.admin.port", "must differ from inbound"))),
        arguments(
            "adminPortOfAnOutboundIsRejected",
            delegated(
                "admin:\n  port: 10001\noutbound:\n- port: 10001\n  tags:\n    kuma.io/service: r\n"),
            List.of(v("networking.admin.port", "must differ from outbound"))),
        arguments(
            "inboundPortZeroIsRejected",
            dataplane(
                "address: 10.0.0.1\ninbound:\n- port: 0\n  tags:\n    kuma.io/service: web\n"),
            List.of(v("networking.inbound[0].port", "port must be in the range [1, 65535]"))),
        arguments(
            "inboundServicePortAbove65535IsRejected",
            dataplane(
                "address: 10.0.0.1\ninbound:\n- port: 80\n  servicePort: 70000\n"
                    + "  tags:\n    kuma.io/service: web\n"),
            List.of(
                v("networking.inbound[0].servicePort", "port must be in the range [1, 65535]"))),
        arguments(
            "inboundServiceAddressThatIsNotAnIpIsRejected",
            dataplane(
                "address: 10.0.0.1\ninbound:\n- port: 80\n  serviceAddress: app.local\n"
                    + "  tags:\n    kuma.io/service: web\n"),
            List.of(
                v(
                    "networking.inbound[0].serviceAddress",
                    "serviceAddress has to be valid IP address"))),
        arguments(
            "inboundServiceAddressEqualToAddressNeedsAnotherPort",
            dataplane(
                "address: 10.0.0.1\ninbound:\n- port: 80\n  serviceAddress: 10.0.0.1\n"
                    + "  tags:\n    kuma.io/service: web\n"),
            List.of(
                v(
                    "networking.inbound[0].serviceAddress",
                    "serviceAddress and servicePort has to differ from address and port"))),
        arguments(
            "inboundAddressThatIsNotAnIpIsRejected",
            dataplane(
                "address: 10.0.0.1\ninbound:\n- port: 80\n  servicePort: 81\n  address: web\n"
                    + "  tags:\n    kuma.io/service: web\n"),
            List.of(v("networking.inbound[0].address", "address has to be valid IP address"))),
        arguments(
            "inboundAddressEqualToServiceAddressNeedsAnotherPort",
            dataplane(
                "address: 10.0.0.1\ninbound:\n- port: 80\n  address: 10.0.0.5\n"
                    + "  serviceAddress: 10.0.0.5\n  tags:\n    kuma.io/service: web\n"),
            List.of(
                v(
                    "networking.inbound[0].serviceAddress",
                    "serviceAddress and servicePort has to differ from address and port"))),
        arguments(
            "inboundTagNameOutsideCharsetIsRejected",
            dataplane(
                "address: 10.0.0.1\ninbound:\n- port: 80\n  tags:\n    kuma.io/service: web\n"
                    + "    'team name': a\n"),
            List.of(
                v(
                    "networking.inbound[0].tags[\"team name\"]",
                    "tag name must consist of alphanumeric characters, dots, dashes, slashes and"
                        + " underscores"))),
        arguments(
            "inboundWithoutTagsIsRejected",
            dataplane("address: 10.0.0.1\ninbound:\n- port: 80\n"),
            List.of(v("networking.inbound[0].tags[\"kuma.io/service\"]", "tag has to exist"))),
        arguments(
            "inboundWithoutServiceTagIsRejected",
            dataplane("address: 10.0.0.1\ninbound:\n- port: 80\n  tags:\n    version: v1\n"),
            List.of(v("networking.inbound[0].tags[\"kuma.io/service\"]", "tag has to exist"))),
        arguments(
            "inboundWithUnknownProtocolIsRejected",
            dataplane(
                "address: 10.0.0.1\ninbound:\n- port: 80\n  tags:\n    kuma.io/service: web\n"
                    + "    kuma.io/protocol: mongo\n"),
            List.of(
                v(
                    "networking.inbound[0].tags[\"kuma.io/protocol\"]",
                    "tag \"kuma.io/protocol\" has an invalid value \"mongo\". Allowed values: grpc,"
                        + " http, http2, kafka, tcp"))),
        arguments(
            "inboundTagValueWithSlashIsRejected",
            dataplane(
                "address: 10.0.0.1\ninbound:\n- port: 80\n  tags:\n    kuma.io/service: web\n"
                    + "    version: a/b\n"),
            List.of(
                v(
                    "networking.inbound[0].tags[\"version\"]",
                    "tag value must consist of alphanumeric characters, dots, dashes and"
                        + " underscores"))),
        arguments(
            "serviceProbeWithZeroIntervalIsRejected",
            dataplane(
                "address: 10.0.0.1\ninbound:\n- port: 80\n  tags:\n    kuma.io/service: web\n"
                    + "  serviceProbe:\n    interval: 0s\n    healthyThreshold: 0\n    tcp: {}\n"),
            List.of(
                v("networking.inbound[0].serviceProbe.interval", "must have a positive value"),
                v(
                    "networking.inbound[0].serviceProbe.healthyThreshold",
                    "must have a positive value"))),
        arguments(
            "probesOnInvalidPortsAndPathsAreRejected",
            dataplane("address: 10.0.0.1\n" + INBOUND)
                + "probes:\n  port: 0\n  endpoints:\n  - inboundPort: 70000\n"
                + "    inboundPath: ''\n    path: /ready\n",
            List.of(
                v("probes.port", "port must be in the range [1, 65535]"),
                v("probes.endpoints[0].inboundPort", "port must be in the range [1, 65535]"),
                v("probes.endpoints[0].inboundPath", "should be a valid URL Path"))),
        arguments(
            "metricsOtherThanPrometheusAreRejected",
            dataplane("address: 10.0.0.1\n" + INBOUND) + "metrics:\n  type: statsd\n",
            List.of(v("metrics.type", "unknown backend type. Available backends: \"prometheus\""))),
        arguments(
            "transparentProxyingPortAbove65535IsRejected",
            dataplane(
                "address: 10.0.0.1\n"
                    + INBOUND
                    + "transparentProxying:\n  redirectPortInbound: 70000\n"),
            List.of(
                v(
                    "networking.transparentProxying.redirectPortInbound",
                    "port must be in the range [1, 65535]"))),
        arguments(
            "everyProblemIsReportedInOrder",
            builtin("inbound:\n- port: 0\noutbound:\n- port: 1\n  tags:\n    kuma.io/service: r\n")
                .replace("address: 10.0.0.1", "address: ''"),
            List.of(
                v("networking.inbound", "inbound cannot be defined for builtin gateways"),
                v("networking.outbound", "outbound cannot be defined for builtin gateways"),
                v("networking.address", "address can't be empty"),
                v("networking.inbound[0].port", "port must be in the range [1, 65535]"),
                v("networking.inbound[0].tags[\"kuma.io/service\"]", "tag has to exist"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejects(String rule, String yaml, List<Violation> expected) {
    assertThat(violationsOf(yaml)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> valid() {
    return Stream.of(
        arguments(
            "regularDataplaneIsAccepted",
            dataplane(
                """
                address: 10.0.0.7
                advertisedAddress: 192.168.0.7
                admin: { port: 9902 }
                inbound:
                  - port: 18080
                    servicePort: 8080
                    serviceProbe: { tcp: {} }
                    tags: { kuma.io/service: backend, kuma.io/protocol: HTTP, version: v1 }
                outbound:
                  - port: 10001
                    tags: { kuma.io/service: redis }
                  - port: 10002
                    address: 127.0.0.2
                    service: legacy
                transparent_proxying:
                  redirect_port_inbound: 15006
                  redirect_port_outbound: 15001
                """)),
        arguments("dnsNameAddressIsAccepted", delegated("").replace("10.0.0.1", "gw.example.com")),
        arguments("ipv6AddressIsAccepted", delegated("").replace("10.0.0.1", "'fd00::1'")),
        arguments(
            "delegatedGatewayWithTcpProtocolAndProbesIsAccepted",
            dataplane(
                    "address: 10.0.0.1\ngateway:\n  tags:\n    kuma.io/service: kong\n"
                        + "    kuma.io/protocol: tcp\n")
                + "probes:\n  port: 9000\n  endpoints:\n  - inboundPort: 8080\n"
                + "    inboundPath: /healthz\n    path: /8080/healthz\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void accepts(String rule, String yaml) {
    assertThat(violationsOf(yaml)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.1",
        "255.255.255.255",
        "::1",
        "fd00::1:2",
        "::ffff:10.0.0.1",
        "1:2:3:4:5:6:7:8"
      })
  void ipLiteralsAreRecognised(String ip) {
    assertThat(NetworkAddresses.isIp(ip)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "010.0.0.1",
        "256.0.0.1",
        "1.2.3",
        "1:2:3:4:5:6:7:8:9",
        "1::2::3",
        "fe80::1%eth0",
        "[::1]",
        ""
      })
  void malformedIpLiteralsAreNotIps(String text) {
    assertThat(NetworkAddresses.isIp(text)).isFalse();
  }

  // ---------------------------------------------------------------- membership (spec/core.md §2.7)

  private static FakeValidationContext meshWith(
      List<Map<String, String>> requirements, List<Map<String, String>> restrictions) {
    MeshSpec mesh =
        new MeshSpec(
            null,
            null,
            null,
            null,
            null,
            null,
            new MeshSpec.Constraints(
                new MeshSpec.DataplaneProxyConstraints(
                    requirements.stream().map(MeshSpec.Rules::new).toList(),
                    restrictions.stream().map(MeshSpec.Rules::new).toList())));
    return new FakeValidationContext().with(Resource.of(ResourceTypes.MESH, "", "default", mesh));
  }

  private static final String WEB =
      dataplane(
          "address: 10.0.0.1\ninbound:\n- port: 80\n  tags:\n    kuma.io/service: web\n"
              + "    team: a\n");

  @Test
  void dataplaneMatchingARequirementIsAMember() {
    assertThat(
            ValidationCases.violationsOf(
                WEB, meshWith(List.of(Map.of("kuma.io/service", "*", "team", "a")), List.of())))
        .isEmpty();
  }

  @Test
  void dataplaneMatchingNoRequirementIsNotAMember() {
    assertThat(ValidationCases.violationsOf(WEB, meshWith(List.of(Map.of("team", "b")), List.of())))
        .containsExactly(
            v(
                "networking.inbound[0].tags",
                "dataplane cannot be a member of mesh \"default\" because its tags"
                    + " \"kuma.io/service=web team=a\" does not fulfill any requirements defined on"
                    + " the Mesh"));
  }

  @Test
  void restrictionWinsOverRequirement() {
    assertThat(
            ValidationCases.violationsOf(
                WEB,
                meshWith(List.of(Map.of("team", "*")), List.of(Map.of("kuma.io/service", "web")))))
        .containsExactly(
            v(
                "networking.inbound[0].tags",
                "dataplane cannot be a member of mesh \"default\" because its tags"
                    + " \"kuma.io/service=web team=a\" matches restricted tags"
                    + " \"kuma.io/service=web\" defined on the Mesh"));
  }

  @Test
  void gatewayTagsAreCheckedForMembership() {
    assertThat(
            ValidationCases.violationsOf(
                builtin(""), meshWith(List.of(), List.of(Map.of("kuma.io/service", "edge")))))
        .extracting(Violation::field)
        .containsExactly("networking.gateway.tags");
  }

  @Test
  void meshWithoutConstraintsAcceptsEveryDataplane() {
    FakeValidationContext context =
        new FakeValidationContext()
            .with(Resource.of(ResourceTypes.MESH, "", "default", MeshSpec.empty()));
    assertThat(ValidationCases.violationsOf(WEB, context)).isEmpty();
  }
}
