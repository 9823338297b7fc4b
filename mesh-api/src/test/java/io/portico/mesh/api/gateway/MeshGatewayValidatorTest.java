package io.portico.mesh.api.gateway;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The validation table of spec/gateway.md §1.2 and the Portico decisions, one row per rule. */
class MeshGatewayValidatorTest {
  private static final String SELECTORS =
      """
      selectors:
      - match:
          kuma.io/service: gw
      """;

  static String gateway(String body) {
    return "type: MeshGateway\nmesh: default\nname: gw\n" + body;
  }

  /** A gateway with the standard selector and the given listener list items. */
  static String listeners(String items) {
    return gateway(SELECTORS + "conf:\n  listeners:\n" + items.indent(2));
  }

  private static final String CERT = "certificates:\n  - secret: cert\n";

  static Stream<Arguments> invalid() {
    return Stream.of(
        arguments(
            "noSelectorsIsRejected",
            gateway("conf:\n  listeners:\n  - port: 80\n    protocol: HTTP\n"),
            List.of(v("selectors", "must have at least one element"))),
        arguments(
            "selectorWithoutTagsIsRejected",
            gateway(
                "selectors:\n- match: {}\nconf:\n  listeners:\n  - port: 80\n    protocol: HTTP\n"),
            List.of(
                v("selectors[0].match", "must have at least one tag"),
                v("selectors[0].match", "mandatory tag \"kuma.io/service\" is missing"))),
        arguments(
            "selectorWithoutServiceTagIsRejected",
            gateway(
                """
                selectors:
                - match:
                    version: v1
                conf:
                  listeners:
                  - port: 80
                    protocol: HTTP
                """),
            List.of(v("selectors[0].match", "mandatory tag \"kuma.io/service\" is missing"))),
        arguments(
            "secondSelectorOfCrossMeshGatewayIsRejected",
            gateway(
                """
                selectors:
                - match:
                    kuma.io/service: gw
                - match:
                    kuma.io/service: other
                conf:
                  listeners:
                  - port: 80
                    protocol: HTTP
                    crossMesh: true
                """),
            List.of(v("selectors[1]", "there can be at most one selector"))),
        arguments(
            "forbiddenGatewayTagIsRejected",
            gateway(
                SELECTORS
                    + """
                    tags:
                      kuma.io/service: x
                      kuma.io/protocol: http
                      kuma.io/zone: z
                      kuma.io/external-service-name: es
                      team: a
                    conf:
                      listeners:
                      - port: 80
                        protocol: HTTP
                    """),
            List.of(
                v(
                    "tags[\"kuma.io/external-service-name\"]",
                    "tag name must not be \"kuma.io/external-service-name\""),
                v("tags[\"kuma.io/protocol\"]", "tag name must not be \"kuma.io/protocol\""),
                v("tags[\"kuma.io/service\"]", "tag name must not be \"kuma.io/service\""),
                v("tags[\"kuma.io/zone\"]", "tag name must not be \"kuma.io/zone\""))),
        arguments(
            "gatewayTagValueOutsideSelectorCharsetIsRejected",
            gateway(
                SELECTORS
                    + "tags:\n  team: a b\nconf:\n  listeners:\n  - port: 80\n    protocol: HTTP\n"),
            List.of(
                v(
                    "tags[\"team\"]",
                    "tag value must consist of alphanumeric characters, dots, dashes, slashes and"
                        + " underscores or be \"*\""))),
        arguments(
            "missingConfIsRejected", gateway(SELECTORS), List.of(v("conf", "cannot be empty"))),
        arguments(
            "emptyListenersAreRejected",
            gateway(SELECTORS + "conf:\n  listeners: []\n"),
            List.of(v("conf.listeners", "cannot be empty"))),
        arguments(
            "invalidListenerHostnameIsRejected",
            listeners("- port: 80\n  protocol: HTTP\n  hostname: Foo_Bar.example.com\n"),
            List.of(v("conf.listeners[0].hostname", "invalid hostname"))),
        arguments(
            "invalidWildcardHostnameIsRejected",
            listeners("- port: 80\n  protocol: HTTP\n  hostname: '*.foo.*.example.com'\n"),
            List.of(v("conf.listeners[0].hostname", "invalid wildcard domain"))),
        arguments(
            "listenerPortZeroIsRejected",
            listeners("- port: 0\n  protocol: HTTP\n"),
            List.of(v("conf.listeners[0].port", "port must be in the range [1, 65535]"))),
        arguments(
            "listenerPortAbove65535IsRejected",
            listeners("- port: 65536\n  protocol: HTTP\n"),
            List.of(v("conf.listeners[0].port", "port must be in the range [1, 65535]"))),
        arguments(
            "missingProtocolIsRejected",
            listeners("- port: 80\n"),
            List.of(v("conf.listeners[0].protocol", "cannot be empty"))),
        arguments(
            "udpProtocolIsRejected",
            listeners("- port: 80\n  protocol: UDP\n"),
            List.of(v("conf.listeners[0].protocol", "protocol type is not supported"))),
        arguments(
            "tlsProtocolIsRejected",
            listeners("- port: 80\n  protocol: TLS\n"),
            List.of(v("conf.listeners[0].protocol", "protocol type is not supported"))),
        arguments(
            "httpsCrossMeshIsRejected",
            listeners("- port: 443\n  protocol: HTTPS\n  crossMesh: true\n"),
            List.of(v("conf.listeners[0].protocol", "protocol is not supported with crossMesh"))),
        arguments(
            "httpsWithoutTlsIsRejected",
            listeners("- port: 443\n  protocol: HTTPS\n"),
            List.of(v("conf.listeners[0].tls", "cannot be empty"))),
        arguments(
            "tlsWithoutModeIsRejected",
            listeners("- port: 443\n  protocol: HTTPS\n  tls:\n" + CERT.indent(4)),
            List.of(v("conf.listeners[0].tls.mode", "cannot be empty"))),
        arguments(
            "passthroughWithCertificatesIsRejected",
            listeners(
                "- port: 80\n  protocol: HTTP\n  tls:\n    mode: PASSTHROUGH\n" + CERT.indent(4)),
            List.of(
                v("conf.listeners[0].tls.certificates", "must be empty in TLS passthrough mode"))),
        arguments(
            "terminateWithoutCertificatesIsRejected",
            listeners("- port: 443\n  protocol: HTTPS\n  tls:\n    mode: TERMINATE\n"),
            List.of(
                v(
                    "conf.listeners[0].tls.certificates",
                    "cannot be empty in TLS termination mode"))),
        arguments(
            "terminateWithThreeCertificatesIsRejected",
            listeners(
                """
                - port: 443
                  protocol: HTTPS
                  tls:
                    mode: TERMINATE
                    certificates:
                    - secret: a
                    - secret: b
                    - secret: c
                """),
            List.of(
                v("conf.listeners[0].tls.certificates", "cannot have more than 2 certificates"))),
        arguments(
            "crossMeshListenerWithTlsIsRejected",
            listeners(
                "- port: 80\n  protocol: HTTP\n  crossMesh: true\n  tls:\n    mode: TERMINATE\n"
                    + CERT.indent(4)),
            List.of(v("conf.listeners[0].tls", "must be empty with crossMesh"))),
        arguments(
            "forbiddenListenerTagIsRejected",
            listeners("- port: 80\n  protocol: HTTP\n  tags:\n    kuma.io/zone: z\n"),
            List.of(
                v(
                    "conf.listeners[0].tags[\"kuma.io/zone\"]",
                    "tag name must not be \"kuma.io/zone\""))),
        arguments(
            "conflictingProtocolsOnOnePortAreRejected",
            listeners(
                """
                - port: 8080
                  protocol: HTTP
                  hostname: a.example.com
                - port: 8080
                  protocol: TCP
                  hostname: b.example.com
                - port: 9090
                  protocol: HTTP
                """),
            List.of(
                v("conf.listeners[0]", "protocol conflicts with other listeners on this port"),
                v("conf.listeners[1]", "protocol conflicts with other listeners on this port"))),
        arguments(
            "sameHostnameTwiceOnOnePortIsRejected",
            listeners(
                """
                - port: 8080
                  protocol: HTTP
                - port: 8080
                  protocol: HTTP
                  hostname: '*'
                - port: 8080
                  protocol: HTTP
                  hostname: a.example.com
                """),
            List.of(
                v("conf.listeners[0]", "multiple listeners for hostname on this port"),
                v("conf.listeners[1]", "multiple listeners for hostname on this port"))),
        arguments(
            "conflictingConnectionLimitsOnOnePortAreRejected",
            listeners(
                """
                - port: 8080
                  protocol: HTTP
                  hostname: a.example.com
                  resources:
                    connectionLimit: 10
                - port: 8080
                  protocol: HTTP
                  hostname: b.example.com
                  resources:
                    connectionLimit: 20
                - port: 8080
                  protocol: HTTP
                  hostname: c.example.com
                """),
            List.of(
                v(
                    "conf.listeners[0].resources.connectionLimit",
                    "conflicting values for this port"),
                v(
                    "conf.listeners[1].resources.connectionLimit",
                    "conflicting values for this port"))),
        arguments(
            "httpsPassthroughIsRejected",
            listeners("- port: 443\n  protocol: HTTPS\n  tls:\n    mode: PASSTHROUGH\n"),
            List.of(v("conf.listeners[0].tls.mode", "mode is not supported on HTTPS listeners"))),
        arguments(
            "tcpCrossMeshIsRejected",
            listeners("- port: 80\n  protocol: TCP\n  crossMesh: true\n"),
            List.of(v("conf.listeners[0].protocol", "protocol is not supported with crossMesh"))),
        arguments(
            "mixedCrossMeshListenersOnOnePortAreRejected",
            listeners(
                """
                - port: 8080
                  protocol: HTTP
                  hostname: a.example.com
                  crossMesh: true
                - port: 8080
                  protocol: HTTP
                  hostname: b.example.com
                """),
            List.of(
                v(
                    "conf.listeners[0].crossMesh",
                    "crossMesh conflicts with other listeners on this port"),
                v(
                    "conf.listeners[1].crossMesh",
                    "crossMesh conflicts with other listeners on this port"))),
        arguments(
            "certificateWithoutSourceIsRejected",
            listeners(
                "- port: 443\n  protocol: HTTPS\n  tls:\n    mode: TERMINATE\n    certificates:\n    - {}\n"),
            List.of(v("conf.listeners[0].tls.certificates[0]", "cannot be empty"))),
        arguments(
            "certificateWithTwoSourcesIsRejected",
            listeners(
                """
                - port: 443
                  protocol: HTTPS
                  tls:
                    mode: TERMINATE
                    certificates:
                    - secret: a
                      file: /etc/cert.pem
                """),
            List.of(
                v(
                    "conf.listeners[0].tls.certificates[0]",
                    "exactly one of secret, file, inline, inlineString must be set"))),
        arguments(
            "everyProblemIsReportedAtOnce",
            gateway(
                """
                tags:
                  kuma.io/service: x
                conf:
                  listeners:
                  - port: 0
                  - port: 443
                    protocol: HTTPS
                """),
            List.of(
                v("selectors", "must have at least one element"),
                v("tags[\"kuma.io/service\"]", "tag name must not be \"kuma.io/service\""),
                v("conf.listeners[0].port", "port must be in the range [1, 65535]"),
                v("conf.listeners[0].protocol", "cannot be empty"),
                v("conf.listeners[1].tls", "cannot be empty"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejects(String rule, String yaml, List<Violation> expected) {
    assertThat(violationsOf(yaml)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> valid() {
    return Stream.of(
        arguments(
            "httpsTerminateWithRsaAndEcdsaCertificatesIsAccepted",
            listeners(
                """
                - port: 443
                  protocol: HTTPS
                  hostname: '*.example.com'
                  tls:
                    mode: TERMINATE
                    certificates:
                    - secret: rsa
                    - inline: LS0tLS1CRUdJTg==
                """)),
        arguments(
            "inlineStringCertificateIsAccepted",
            listeners(
                """
                - port: 443
                  protocol: HTTPS
                  tls:
                    mode: TERMINATE
                    certificates:
                    - inlineString: |
                        -----BEGIN CERTIFICATE-----
                        -----END CERTIFICATE-----
                """)),
        arguments(
            "distinctHostnamesShareAPort",
            listeners(
                """
                - port: 8080
                  protocol: HTTP
                - port: 8080
                  protocol: HTTP
                  hostname: a.example.com
                  resources:
                    connectionLimit: 10
                - port: 8080
                  protocol: HTTP
                  hostname: '*.example.com'
                  resources:
                    connectionLimit: 10
                """)),
        arguments(
            "snakeCaseFieldNamesAreAccepted",
            listeners(
                "- port: 8080\n  protocol: HTTP\n  cross_mesh: true\n  resources:\n    connection_limit: 5\n")),
        arguments(
            "crossMeshWithEmptyTlsIsAccepted",
            listeners("- port: 80\n  protocol: HTTP\n  crossMesh: true\n  tls: {}\n")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void accepts(String rule, String yaml) {
    assertThat(violationsOf(yaml)).isEmpty();
  }

  private static final String CROSS_MESH =
      listeners(
          "- port: 8080\n  protocol: HTTP\n  crossMesh: true\n- port: 9090\n  protocol: HTTP\n");

  @Test
  void crossMeshListenerNeedsMtlsOnTheMesh() {
    FakeValidationContext context =
        new FakeValidationContext()
            .with(Resource.of(ResourceTypes.MESH, "", "default", MeshSpec.empty()));
    assertThat(ValidationCases.violationsOf(CROSS_MESH, context))
        .containsExactly(
            v(
                "conf.listeners[0].crossMesh",
                "mTLS must be enabled for crossMesh-enabled MeshGateways: mesh \"default\" has no"
                    + " mtls.enabledBackend"));
  }

  @Test
  void crossMeshListenerIsAcceptedWhenTheMeshHasMtls() {
    MeshSpec mtls =
        new MeshSpec(
            new MeshSpec.Mtls(
                "ca-1",
                List.of(
                    new MeshSpec.CertificateAuthorityBackend(
                        "ca-1", "builtin", null, null, null, null))),
            null,
            null,
            null,
            null,
            null,
            null);
    FakeValidationContext context =
        new FakeValidationContext().with(Resource.of(ResourceTypes.MESH, "", "default", mtls));
    assertThat(ValidationCases.violationsOf(CROSS_MESH, context)).isEmpty();
  }

  @Test
  void contextChecksAreSkippedWhenTheMeshIsUnknown() {
    assertThat(ValidationCases.violationsOf(CROSS_MESH, new FakeValidationContext())).isEmpty();
  }
}
