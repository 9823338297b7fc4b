package io.portico.mesh.api.mesh;

import static io.portico.mesh.api.ValidationCases.v;
import static io.portico.mesh.api.ValidationCases.violationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.portico.mesh.api.FakeValidationContext;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ValidationCases;
import io.portico.mesh.api.secret.SecretSpec;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.Violation;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Mesh rules of spec/core.md §1.1–§1.3, one row per rule. */
class MeshValidatorTest {
  static String mesh(String body) {
    return "type: Mesh\nname: default\n" + body;
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        arguments(
            "duplicateCaBackendNamesAreRejected",
            mesh(
                """
                mtls:
                  backends:
                  - name: ca-1
                    type: builtin
                  - name: ca-1
                    type: builtin
                """),
            List.of(
                v("mtls.backends[1].name", "\"ca-1\" name is already used for another backend"))),
        arguments(
            "caBackendWithoutNameIsRejected",
            mesh("mtls:\n  backends:\n  - type: builtin\n"),
            List.of(v("mtls.backends[0].name", "cannot be empty"))),
        arguments(
            "enabledBackendMustNameABackend",
            mesh("mtls:\n  enabledBackend: ca-2\n  backends:\n  - name: ca-1\n    type: builtin\n"),
            List.of(v("mtls.enabledBackend", "has to be set to one of the backends in the mesh"))),
        arguments(
            "invalidDpCertExpirationIsRejected",
            mesh(
                """
                mtls:
                  backends:
                  - name: ca-1
                    type: builtin
                    dpCert:
                      rotation:
                        expiration: 1h30m
                """),
            List.of(
                v(
                    "mtls.backends[0].dpCert.rotation.expiration",
                    "has to be a valid format: \"1h30m\" is not an integer with one unit of y, w,"
                        + " d, h, m, s, ms (e.g. 1d) or 0"))),
        arguments(
            "uninstalledCaTypeIsRejected",
            mesh("mtls:\n  backends:\n  - name: ca-1\n    type: vault\n"),
            List.of(
                v(
                    "mtls.backends[0].type",
                    "could not find installed plugin for type \"vault\": expected builtin or"
                        + " provided"))),
        arguments(
            "caWithoutTypeIsRejected",
            mesh("mtls:\n  backends:\n  - name: ca-1\n"),
            List.of(v("mtls.backends[0].type", "cannot be empty"))),
        arguments(
            "builtinCaWithBadExpirationAndKeySizeIsRejected",
            mesh(
                """
                mtls:
                  backends:
                  - name: ca-1
                    type: builtin
                    conf:
                      caCert:
                        RSAbits: 512
                        expiration: ten years
                """),
            List.of(
                v("mtls.backends[0].conf.caCert.RSAbits", "must be an integer from 1024 to 4096"),
                v(
                    "mtls.backends[0].conf.caCert.expiration",
                    "has to be a valid format: \"ten years\" is not an integer with one unit of"
                        + " y, w, d, h, m, s, ms (e.g. 1d) or 0"))),
        arguments(
            "providedCaWithoutConfIsRejected",
            mesh("mtls:\n  backends:\n  - name: ca-1\n    type: provided\n"),
            List.of(v("mtls.backends[0].conf", "cannot be empty"))),
        arguments(
            "providedCaNeedsOneSourcePerDataSource",
            mesh(
                """
                mtls:
                  backends:
                  - name: ca-1
                    type: provided
                    conf:
                      cert:
                        secret: cert
                        file: /etc/cert.pem
                """),
            List.of(
                v(
                    "mtls.backends[0].conf.cert",
                    "exactly one of secret, file, inline, inlineString must be set"),
                v("mtls.backends[0].conf.key", "cannot be empty"))),
        arguments(
            "zoneEgressWithoutMtlsIsRejected",
            mesh("routing:\n  zoneEgress: true\n"),
            List.of(v("mtls", "has to be set when zoneEgress enabled"))),
        arguments(
            "loggingBackendProblemsAreRejected",
            mesh(
                """
                logging:
                  defaultBackend: missing
                  backends:
                  - type: file
                  - name: tcp
                    type: tcp
                    conf:
                      address: no-port
                  - name: tcp
                    type: syslog
                """),
            List.of(
                v("logging.backends[0].name", "cannot be empty"),
                v("logging.backends[0].conf.path", "cannot be empty"),
                v("logging.backends[1].conf.address", "has to be in format of HOST:PORT"),
                v(
                    "logging.backends[2].type",
                    "unknown backend type. Available backends: \"tcp\", \"file\""),
                v("logging.backends[2].name", "\"tcp\" name is already used for another backend"),
                v(
                    "logging.defaultBackend",
                    "has to be set to one of the logging backend in mesh"))),
        arguments(
            "unknownAccessLogOperatorsAreRejectedByName",
            mesh(
                """
                logging:
                  backends:
                  - name: file
                    type: file
                    format: '%START_TIME% %NOT_A_THING% %REQ()% %REQ(X-A?X-B):10% %KUMA_MESH%'
                    conf:
                      path: /tmp/access.log
                """),
            List.of(
                v("logging.backends[0].format", "unknown command operator %NOT_A_THING%"),
                v(
                    "logging.backends[0].format",
                    "operator %REQ()% needs a header name: %REQ(name)%"))),
        arguments(
            "tcpLoggingWithoutAddressIsRejected",
            mesh("logging:\n  backends:\n  - name: l\n    type: tcp\n"),
            List.of(v("logging.backends[0].conf.address", "cannot be empty"))),
        arguments(
            "tracingBackendProblemsAreRejected",
            mesh(
                """
                tracing:
                  defaultBackend: missing
                  backends:
                  - name: z
                    sampling: 101
                    type: zipkin
                    conf:
                      url: http://zipkin/api/v2/spans
                      apiVersion: v3
                  - name: d
                    type: datadog
                    conf:
                      port: 0
                  - name: j
                    type: jaeger
                """),
            List.of(
                v("tracing.backends[0].sampling", "has to be in [0.0 - 100.0] range"),
                v(
                    "tracing.backends[0].conf.apiVersion",
                    "has invalid value. Allowed values: httpJsonV1, httpJson, httpProto"),
                v("tracing.backends[0].conf.url", "port has to be explicitly specified"),
                v("tracing.backends[1].conf.address", "cannot be empty"),
                v("tracing.backends[1].conf.port", "port must be in the range [1, 65535]"),
                v(
                    "tracing.backends[2].type",
                    "unknown backend type. Available backends: \"zipkin\", \"datadog\""),
                v(
                    "tracing.defaultBackend",
                    "has to be set to one of the tracing backend in mesh"))),
        arguments(
            "zipkinWithoutUrlIsRejected",
            mesh("tracing:\n  backends:\n  - name: z\n    type: zipkin\n"),
            List.of(v("tracing.backends[0].conf.url", "cannot be empty"))),
        arguments(
            "zipkinWithInvalidUrlIsRejected",
            mesh(
                "tracing:\n  backends:\n  - name: z\n    type: zipkin\n    conf:\n      url: 'zipkin:9411 x'\n"),
            List.of(v("tracing.backends[0].conf.url", "invalid URL"))),
        arguments(
            "metricsBackendProblemsAreRejected",
            mesh(
                """
                metrics:
                  enabledBackend: missing
                  backends:
                  - name: p
                    type: prometheus
                    conf:
                      envoy:
                        filterRegex: '('
                  - name: p
                    type: statsd
                  - name: q
                    type: prometheus
                    conf:
                      aggregate:
                      - name: app
                        port: 8000
                      - name: app
                        port: 8001
                """),
            List.of(
                v(
                    "metrics.backends[0].conf.envoy.filterRegex",
                    "provided regexp isn't correct: missing closing )"),
                v("metrics.backends[1].name", "\"p\" name is already used for another backend"),
                v(
                    "metrics.backends[1].type",
                    "unknown backend type. Available backends: \"prometheus\""),
                v(
                    "metrics.backends[2].conf.aggregate[1].name",
                    "duplicate entry: app, values have to be unique"),
                v("metrics.enabledBackend", "has to be set to one of the backends in the mesh"))),
        arguments(
            "constraintsNeedTags",
            mesh(
                """
                constraints:
                  dataplaneProxy:
                    requirements:
                    - tags: {}
                    restrictions:
                    - tags:
                        team: 'a b'
                """),
            List.of(
                v("constraints.dataplaneProxy.requirements[0].tags", "must have at least one tag"),
                v(
                    "constraints.dataplaneProxy.restrictions[0].tags[\"team\"]",
                    "tag value must consist of alphanumeric characters, dots, dashes, slashes and"
                        + " underscores or be \"*\""))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejects(String rule, String yaml, List<Violation> expected) {
    assertThat(violationsOf(yaml)).containsExactlyElementsOf(expected);
  }

  private static final String FULL =
      mesh(
          """
          mtls:
            enabledBackend: ca-1
            backends:
            - name: ca-1
              type: builtin
              mode: PERMISSIVE
              dpCert:
                rotation:
                  expiration: 1d
                requestTimeout: 10s
              rootChain:
                requestTimeout: 5s
              conf:
                caCert:
                  RSAbits: 2048
                  expiration: 10y
            - name: ca-2
              type: provided
              conf:
                cert:
                  secret: ca-cert
                key:
                  inlineString: key
          tracing:
            defaultBackend: zipkin
            backends:
            - name: zipkin
              sampling: 12.5
              type: zipkin
              conf:
                url: http://zipkin.local:9411/api/v2/spans
            - name: dd
              type: datadog
              conf:
                address: 127.0.0.1
                port: 8126
          logging:
            defaultBackend: file
            backends:
            - name: file
              type: file
              format: '%START_TIME% %KUMA_SOURCE_SERVICE%'
              conf:
                path: /tmp/access.log
            - name: logstash
              type: tcp
              conf:
                address: logstash:5000
          metrics:
            enabledBackend: prom
            backends:
            - name: prom
              type: prometheus
              conf:
                port: 5670
                path: /metrics
                skipMTLS: false
          networking:
            outbound:
              passthrough: false
          routing:
            localityAwareLoadBalancing: true
            zoneEgress: true
          constraints:
            dataplaneProxy:
              requirements:
              - tags:
                  kuma.io/zone: '*'
              restrictions:
              - tags:
                  kuma.io/service: forbidden
          """);

  @Test
  void fullMeshIsValidAndRoundTrips() {
    Resource<?> mesh = ValidationCases.CODEC.readResource(FULL);
    assertThat(ValidationCases.violationsOf(mesh)).isEmpty();
    MeshSpec spec = (MeshSpec) mesh.spec();
    assertThat(spec.isMtlsEnabled()).isTrue();
    assertThat(spec.enabledCaBackend().orElseThrow().mode()).isEqualTo(MeshSpec.Mode.PERMISSIVE);
    assertThat(spec.enabledCaBackend().orElseThrow().dpCert().requestTimeout())
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(spec.networking().outbound().passthrough()).isFalse();
    assertThat(spec.tracing().backends().get(0).sampling()).isEqualTo(12.5);
    String json = ValidationCases.CODEC.toJson(mesh);
    assertThat(json).contains("\"passthrough\" : false").contains("\"requestTimeout\" : \"10s\"");
    assertThat(ValidationCases.CODEC.readResource(json).spec()).isEqualTo(spec);
  }

  @Test
  void emptyMeshIsValid() {
    assertThat(violationsOf(mesh(""))).isEmpty();
    assertThat(ValidationCases.CODEC.specToJson(MeshSpec.empty())).isEqualTo("{}");
  }

  @Test
  void confTreesAreCopiedSoSpecsStayImmutable() {
    MeshSpec spec = (MeshSpec) ValidationCases.CODEC.readResource(FULL).spec();
    MeshSpec.CertificateAuthorityBackend ca = spec.mtls().backends().get(0);
    ((com.fasterxml.jackson.databind.node.ObjectNode) ca.conf()).put("tampered", true);
    assertThat(ca.conf().has("tampered")).isFalse();
  }

  private static String mtls(String enabled, String... backends) {
    StringBuilder yaml =
        new StringBuilder("mtls:\n  enabledBackend: " + enabled + "\n  backends:\n");
    for (String b : backends) {
      yaml.append("  - name: ").append(b).append("\n    type: builtin\n");
    }
    return mesh(yaml.toString());
  }

  @Test
  void switchingToABackendThatWasAlreadyListedKeepingTheOldOneIsAllowed() {
    Resource<?> stored = ValidationCases.CODEC.readResource(mtls("ca-1", "ca-1", "ca-2"));
    assertThat(
            ValidationCases.violationsOf(
                mtls("ca-2", "ca-1", "ca-2"), new FakeValidationContext().with(stored)))
        .isEmpty();
  }

  @Test
  void switchingToABackendNotListedBeforeIsRejected() {
    Resource<?> stored = ValidationCases.CODEC.readResource(mtls("ca-1", "ca-1"));
    String expected =
        "switching the CA from \"ca-1\" to \"ca-2\" while mTLS is on must keep both trusted:"
            + " first add the new backend, then switch enabledBackend to it, then remove the old"
            + " one";
    assertThat(
            ValidationCases.violationsOf(
                mtls("ca-2", "ca-1", "ca-2"), new FakeValidationContext().with(stored)))
        .containsExactly(v("mtls.enabledBackend", expected));
  }

  @Test
  void switchingWhileRemovingTheOldBackendIsRejected() {
    Resource<?> stored = ValidationCases.CODEC.readResource(mtls("ca-1", "ca-1", "ca-2"));
    assertThat(
            ValidationCases.violationsOf(
                mtls("ca-2", "ca-2"), new FakeValidationContext().with(stored)))
        .extracting(io.portico.mesh.api.validation.Violation::field)
        .containsExactly("mtls.enabledBackend");
    assertThat(ValidationCases.violationsOf(mtls("ca-2", "ca-2"), new FakeValidationContext()))
        .isEmpty();
  }

  @Test
  void builtinCaSecretNameMustBeADnsName() {
    String yaml =
        "type: Mesh\nname: my_mesh\nmtls:\n  backends:\n  - name: ca-1\n    type: builtin\n";
    assertThat(ValidationCases.violationsOf(yaml, new FakeValidationContext()))
        .containsExactly(
            v(
                "mtls.backends[0].name",
                "the CA secret name \"my_mesh.ca-builtin-cert-ca-1\" must be a lowercase DNS name"
                    + " of at most 255 characters"));
    assertThat(
            ValidationCases.violationsOf(
                yaml.replace("my_mesh", "my-mesh"), new FakeValidationContext()))
        .isEmpty();
  }

  @Test
  void providedCaSecretsMustExist() {
    String yaml =
        mesh(
            """
            mtls:
              backends:
              - name: ca-1
                type: provided
                conf:
                  cert:
                    secret: ca-cert
                  key:
                    secret: ca-key
            """);
    FakeValidationContext context =
        new FakeValidationContext()
            .with(Resource.of(ResourceTypes.SECRET, "default", "ca-cert", new SecretSpec("YWJj")));
    assertThat(ValidationCases.violationsOf(yaml, context))
        .containsExactly(
            v(
                "mtls.backends[0].conf.key.secret",
                "secret \"ca-key\" not found in mesh \"default\""));
  }

  // ---------------------------------------------------------------- Kuma durations (spec/core.md
  // §0)

  @Test
  void kumaDurationsUseOneUnit() {
    assertThat(KumaDurations.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(KumaDurations.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(KumaDurations.parse("36h")).isEqualTo(Duration.ofHours(36));
    assertThat(KumaDurations.parse("10y")).isEqualTo(Duration.ofDays(3650));
    assertThat(KumaDurations.parse("2w")).isEqualTo(Duration.ofDays(14));
    assertThat(KumaDurations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(KumaDurations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(KumaDurations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "d", "10", "1.5h", "1h30m", "-1d", "+1d", " 1d", "1D", "0s0"})
  void malformedKumaDurationsAreRejected(String text) {
    assertThat(KumaDurations.isValid(text)).isFalse();
    assertThatThrownBy(() -> KumaDurations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid duration string");
  }
}
