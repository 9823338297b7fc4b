package io.portico.mesh.api.zone;

import static io.portico.mesh.api.ValidationCases.v;
import static io.portico.mesh.api.ValidationCases.violationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ValidationCases;
import io.portico.mesh.api.validation.Violation;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Zone, ZoneIngress and ZoneEgress rules (spec/core.md §7.5). */
class ZoneValidatorsTest {
  static String ingress(String body) {
    return "type: ZoneIngress\nname: zi-1\n" + body;
  }

  static String egress(String body) {
    return "type: ZoneEgress\nname: ze-1\n" + body;
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        arguments(
            "ingressWithoutPortIsRejected",
            ingress("networking:\n  address: 10.0.0.1\n"),
            List.of(v("networking.port", "port must be in the range [1, 65535]"))),
        arguments(
            "ingressWithoutNetworkingIsRejected",
            ingress(""),
            List.of(v("networking.port", "port must be in the range [1, 65535]"))),
        arguments(
            "ingressAdminPortEqualToPortIsRejected",
            ingress("networking:\n  port: 10001\n  admin:\n    port: 10001\n"),
            List.of(v("networking.admin.port", "must differ from port"))),
        arguments(
            "advertisedPortWithoutAddressIsRejected",
            ingress("networking:\n  port: 10001\n  advertisedPort: 10002\n"),
            List.of(v("networking.advertisedAddress", "has to be defined with advertisedPort"))),
        arguments(
            "advertisedAddressWithoutPortIsRejected",
            ingress("networking:\n  port: 10001\n  advertisedAddress: 1.2.3.4\n"),
            List.of(v("networking.advertisedPort", "has to be defined with advertisedAddress"))),
        arguments(
            "invalidIngressAddressesAreRejected",
            ingress(
                "networking:\n  address: 0.0.0.0\n  advertisedAddress: 'a b'\n  port: 10001\n"
                    + "  advertisedPort: 70000\n"),
            List.of(
                v("networking.address", "must not be 0.0.0.0 or ::"),
                v(
                    "networking.advertisedAddress",
                    "address has to be valid IP address or domain name"),
                v("networking.advertisedPort", "port must be in the range [1, 65535]"))),
        arguments(
            "availableServiceWithoutServiceTagIsRejected",
            ingress(
                "networking:\n  port: 10001\navailableServices:\n- tags:\n    version: v1\n"
                    + "  instances: 2\n- instances: 1\n"),
            List.of(
                v("availableServices[0].tags", "mandatory tag \"kuma.io/service\" is missing"),
                v("availableServices[1].tags", "mandatory tag \"kuma.io/service\" is missing"))),
        arguments(
            "egressAdminPortEqualToPortIsRejected",
            egress("networking:\n  address: 10.0.0.2\n  port: 10002\n  admin:\n    port: 10002\n"),
            List.of(v("networking.admin.port", "must differ from port"))),
        arguments(
            "egressWithInvalidAddressAndPortIsRejected",
            egress("networking:\n  address: '::'\n  port: 0\n"),
            List.of(
                v("networking.address", "must not be 0.0.0.0 or ::"),
                v("networking.port", "port must be in the range [1, 65535]"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejects(String rule, String yaml, List<Violation> expected) {
    assertThat(violationsOf(yaml)).containsExactlyElementsOf(expected);
  }

  @Test
  void validIngressRoundTrips() {
    Resource<?> zi =
        ValidationCases.CODEC.readResource(
            ingress(
                """
                zone: zone-1
                networking:
                  address: 10.0.0.1
                  advertisedAddress: ingress.example.com
                  port: 10001
                  advertisedPort: 443
                  admin:
                    port: 9901
                availableServices:
                - tags:
                    kuma.io/service: backend
                    kuma.io/protocol: http
                  instances: 2
                  mesh: default
                - tags:
                    kuma.io/service: httpbin
                  mesh: default
                  externalService: true
                """));
    assertThat(violationsOf(zi)).isEmpty();
    ZoneIngressSpec spec = (ZoneIngressSpec) zi.spec();
    assertThat(spec.availableServices().get(1).externalService()).isTrue();
    assertThat(ValidationCases.CODEC.readResource(ValidationCases.CODEC.toJson(zi)).spec())
        .isEqualTo(spec);
  }

  @Test
  void validEgressIsAccepted() {
    assertThat(violationsOf(egress("zone: z\nnetworking:\n  address: 10.0.0.2\n  port: 10002\n")))
        .isEmpty();
  }

  @Test
  void zoneIsEnabledUnlessDisabled() {
    Resource<?> absent = ValidationCases.CODEC.readResource("type: Zone\nname: z1\n");
    Resource<?> disabled =
        ValidationCases.CODEC.readResource("type: Zone\nname: z2\nenabled: false\n");
    assertThat(((ZoneSpec) absent.spec()).isEnabled()).isTrue();
    assertThat(((ZoneSpec) disabled.spec()).isEnabled()).isFalse();
    assertThat(violationsOf(disabled)).isEmpty();
    assertThat(ValidationCases.CODEC.toJson(disabled)).contains("\"enabled\" : false");
    assertThat(ValidationCases.CODEC.toJson(absent)).doesNotContain("enabled");
  }
}
