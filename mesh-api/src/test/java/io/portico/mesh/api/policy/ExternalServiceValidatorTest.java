package io.portico.mesh.api.policy;

import static io.portico.mesh.api.policy.Violations.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.portico.mesh.api.validation.Violation;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExternalServiceValidatorTest {
  private static final String TAGS = "tags: {kuma.io/service: httpbin}\n";

  private static String es(String body) {
    return "type: ExternalService\nmesh: default\nname: es\n" + body;
  }

  private static String address(String address) {
    return es(TAGS + "networking: {address: '" + address + "'}\n");
  }

  private static String tls(String tls) {
    return es(TAGS + "networking: {address: httpbin.org:443, tls: " + tls + "}\n");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments(
            "networkingIsRequired", es(TAGS), List.of(v("networking", "should have networking"))),
        arguments(
            "addressIsRequired",
            es(TAGS + "networking: {disableHostDNSEntry: true}\n"),
            List.of(v("networking.address", "address can't be empty"))),
        arguments(
            "addressHasAPort",
            address("httpbin.org"),
            List.of(v("networking.address", "unable to parse address: expected host:port"))),
        arguments(
            "addressHostIsAnIpOrADomainName",
            address("bad host:80"),
            List.of(
                v("networking.address", "address has to be a valid IP address or a domain name"))),
        arguments(
            "addressPortIsANumber",
            address("httpbin.org:https"),
            List.of(v("networking.address", "unable to parse port in address"))),
        arguments(
            "addressPortIsInRange",
            address("httpbin.org:65536"),
            List.of(v("networking.address", "port must be in the range [1, 65535]"))),
        arguments(
            "addressPortZeroIsRejected",
            address("10.0.0.1:0"),
            List.of(v("networking.address", "port must be in the range [1, 65535]"))),
        arguments(
            "ipv6AddressIsBracketed",
            address("[2001:db8::zz]:443"),
            List.of(
                v("networking.address", "address has to be a valid IP address or a domain name"))),
        arguments("ipv6AddressIsAccepted", address("[::1]:443"), List.of()),
        arguments(
            "tagsAreRequired",
            es("networking: {address: httpbin.org:80}\n"),
            List.of(
                v("tags", "must have at least one tag"),
                v("tags", "mandatory tag \"kuma.io/service\" is missing"))),
        arguments(
            "serviceTagIsRequired",
            es("tags: {version: v1}\nnetworking: {address: httpbin.org:80}\n"),
            List.of(v("tags", "mandatory tag \"kuma.io/service\" is missing"))),
        arguments(
            "tagValuesUseTheDataplaneCharset",
            es("tags: {kuma.io/service: '*'}\nnetworking: {address: httpbin.org:80}\n"),
            List.of(
                v(
                    "tags[\"kuma.io/service\"]",
                    "tag value must consist of alphanumeric characters, dots, dashes and"
                        + " underscores"))),
        arguments(
            "protocolTagIsKnown",
            es(
                "tags: {kuma.io/service: a, kuma.io/protocol: udp}\n"
                    + "networking: {address: httpbin.org:80}\n"),
            List.of(
                v(
                    "tags[\"kuma.io/protocol\"]",
                    "tag \"kuma.io/protocol\" has an invalid value \"udp\". Allowed values: grpc,"
                        + " http, http2, kafka, tcp"))),
        arguments(
            "protocolTagIsCaseInsensitive",
            es(
                "tags: {kuma.io/service: a, kuma.io/protocol: HTTP2}\n"
                    + "networking: {address: httpbin.org:80}\n"),
            List.of()),
        arguments(
            "setServerNameIsNotEmpty",
            tls("{enabled: true, serverName: ''}"),
            List.of(v("networking.tls.serverName", "cannot be empty"))),
        arguments(
            "tlsDataSourceIsNotEmpty",
            tls("{enabled: true, caCert: {}}"),
            List.of(v("networking.tls.caCert", "cannot be empty"))),
        arguments(
            "tlsDataSourceHasOneSource",
            tls(
                "{enabled: true, clientCert: {secret: cert, inline: Y2VydA==}, clientKey: {file: /k}}"),
            List.of(
                v(
                    "networking.tls.clientCert",
                    "exactly one of secret, file, inline, inlineString must be set"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleIsEnforced(String rule, String yaml, List<Violation> expected) {
    assertThat(Violations.of(yaml)).containsExactlyInAnyOrderElementsOf(expected);
  }
}
