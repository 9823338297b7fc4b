package io.portico.cp.k8s.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.portico.cp.k8s.KubernetesSettings;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dispatch of spec/kubernetes.md §5.1 and every {@link PodConversion.Failure} text (§5.1, §5.3,
 * §5.7, §5.8, §5.9, §6.5 point 4), one test per rule.
 */
class PodConverterTest {
  private static final PodConverter CONVERTER = new PodConverter();
  private static final Namespace NAMESPACE =
      new NamespaceBuilder().withNewMetadata().withName("demo").endMetadata().build();

  // ---------------------------------------------------------------- dispatch (§5.1)

  @Test
  void builtinGatewayNeedsNoInjectionAnnotation() {
    PodConversion result =
        convert(
            pod(
                Map.of(
                    "kuma.io/gateway",
                    "builtin",
                    "kuma.io/tags",
                    "{\"kuma.io/service\":\"edge\"}")));

    assertThat(spec(result).isBuiltinGateway()).isTrue();
  }

  @Test
  void builtinGatewayWinsOverABadInjectionAnnotation() {
    PodConversion result =
        convert(
            pod(
                Map.of(
                    "kuma.io/gateway",
                    "builtin",
                    "kuma.io/sidecar-injected",
                    "yes",
                    "kuma.io/tags",
                    "{\"kuma.io/service\":\"edge\"}")));

    assertThat(result).isInstanceOf(PodConversion.Dataplane.class);
  }

  @Test
  void podWithoutAnnotationsIsNotManaged() {
    assertThat(convert(pod(Map.of()))).isEqualTo(new PodConversion.NotManaged());
  }

  @ParameterizedTest
  @CsvSource({"false", "disabled"})
  void podWithInjectionOffIsNotManaged(String value) {
    assertThat(convert(pod(Map.of("kuma.io/sidecar-injected", value))))
        .isEqualTo(new PodConversion.NotManaged());
  }

  @ParameterizedTest
  @CsvSource({"kuma.io/ingress", "kuma.io/egress"})
  void zoneProxyPodsAreNotManaged(String key) {
    assertThat(convert(pod(Map.of(key, "enabled", "kuma.io/sidecar-injected", "true"))))
        .isEqualTo(new PodConversion.NotManaged());
  }

  @Test
  void injectedPodBecomesTheDataplaneNamedAfterIt() {
    PodConversion result = convert(pod(Map.of("kuma.io/sidecar-injected", "true")));

    assertThat(result).isInstanceOf(PodConversion.Dataplane.class);
    PodConversion.Dataplane dataplane = (PodConversion.Dataplane) result;
    assertThat(dataplane.name()).isEqualTo("example");
    assertThat(dataplane.namespace()).isEqualTo("demo");
    assertThat(dataplane.kumaName()).isEqualTo("example.demo");
    assertThat(dataplane.mesh()).isEqualTo("default");
  }

  @Test
  void emptyMeshAnnotationsFallBackToDefault() {
    Pod pod = pod(Map.of("kuma.io/sidecar-injected", "true", "kuma.io/mesh", ""));
    Namespace namespace =
        new NamespaceBuilder()
            .withNewMetadata()
            .withName("demo")
            .withAnnotations(Map.of("kuma.io/mesh", ""))
            .endMetadata()
            .build();

    assertThat(PodConverter.meshOf(pod, namespace)).isEqualTo("default");
  }

  @Test
  void podWithoutNamespaceIsAProgrammingError() {
    Pod pod = new PodBuilder().withNewMetadata().withName("example").endMetadata().build();

    assertThatThrownBy(() -> convert(pod)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reachableServicesFilterOutboundsOnlyWithTransparentProxying() {
    DataplaneSpec backend =
        new DataplaneSpec(
            new DataplaneSpec.Networking(
                "192.168.1.1",
                null,
                List.of(
                    new DataplaneSpec.Inbound(
                        7070,
                        0,
                        null,
                        null,
                        Map.of("kuma.io/service", "backend_payments_svc_7070"),
                        null,
                        null)),
                null,
                null,
                null,
                null),
            null,
            null);
    Service service =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("backend")
            .withNamespace("payments")
            .endMetadata()
            .withNewSpec()
            .withClusterIP("10.96.1.1")
            .endSpec()
            .build();
    OutboundSources sources = OutboundSources.of(List.of(backend), List.of(service));
    Pod pod =
        pod(
            Map.of(
                "kuma.io/sidecar-injected",
                "true",
                "kuma.io/transparent-proxying-reachable-services",
                "other_demo_svc_80"));

    PodConversion result =
        CONVERTER.convert(pod, NAMESPACE, List.of(), sources, KubernetesSettings.defaults());

    assertThat(spec(result).networking().outbound())
        .containsExactly(
            new DataplaneSpec.Outbound(
                "10.96.1.1", 7070, null, Map.of("kuma.io/service", "backend_payments_svc_7070")));
  }

  // ---------------------------------------------------------------- failures

  @ParameterizedTest
  @CsvSource({
    "kuma.io/sidecar-injected, yes",
    "kuma.io/ingress, on",
    "kuma.io/egress, 1",
    "kuma.io/transparent-proxying, TRUE",
    "kuma.io/virtual-probes, enable"
  })
  void booleanAnnotationWithWrongValueFails(String key, String value) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("kuma.io/sidecar-injected", "true");
    annotations.put(key, value);

    assertThat(convert(pod(annotations)))
        .isEqualTo(
            new PodConversion.Failure(
                "annotation \"" + key + "\" has wrong value \"" + value + "\""));
  }

  @Test
  void serviceSelectingThePodWithoutAMatchingContainerPortFails() {
    Service service =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("example")
            .withNamespace("demo")
            .endMetadata()
            .withNewSpec()
            .withSelector(Map.of("app", "example"))
            .addNewPort()
            .withPort(80)
            .withNewTargetPort("http")
            .endPort()
            .endSpec()
            .build();

    PodConversion result =
        CONVERTER.convert(
            pod(Map.of("kuma.io/sidecar-injected", "true")),
            NAMESPACE,
            List.of(service),
            OutboundSources.none(),
            KubernetesSettings.defaults());

    assertThat(result)
        .isEqualTo(
            new PodConversion.Failure(
                "A service that selects pod example was found, but it doesn't match any container"
                    + " ports."));
  }

  @Test
  void builtinGatewayWithoutTagsAnnotationFails() {
    assertThat(convert(pod(Map.of("kuma.io/gateway", "builtin"))))
        .isEqualTo(
            new PodConversion.Failure(
                "Missing kuma.io/tags annotation on Pod serving a builtin Gateway"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"not json", "[\"kuma.io/service\"]", "{\"kuma.io/service\": 1}", "null", "\"edge\""})
  void builtinGatewayWithInvalidTagsAnnotationFails(String tags) {
    assertThat(convert(pod(Map.of("kuma.io/gateway", "builtin", "kuma.io/tags", tags))))
        .isEqualTo(
            new PodConversion.Failure(
                "Invalid kuma.io/tags annotation on Pod serving a builtin Gateway"));
  }

  @ParameterizedTest
  @CsvSource({"Builtin", "true", "disabled", "''"})
  void unknownDelegatedGatewayTypeFails(String type) {
    assertThat(convert(pod(Map.of("kuma.io/sidecar-injected", "true", "kuma.io/gateway", type))))
        .isEqualTo(new PodConversion.Failure("invalid delegated gateway type '" + type + "'"));
  }

  @Test
  void providedDelegatedGatewayFailsAsPorticoDecisionD10() {
    assertThat(
            convert(pod(Map.of("kuma.io/sidecar-injected", "true", "kuma.io/gateway", "provided"))))
        .isEqualTo(
            new PodConversion.Failure(
                "delegated gateway type 'provided' is not supported: use 'kuma.io/gateway:"
                    + " enabled'"));
  }

  @Test
  void transparentProxyingWithoutInboundPortFails() {
    assertThat(
            convert(
                pod(
                    Map.of(
                        "kuma.io/sidecar-injected", "true",
                        "kuma.io/transparent-proxying", "enabled",
                        "kuma.io/transparent-proxying-outbound-port", "15001"))))
        .isEqualTo(
            new PodConversion.Failure(
                "transparent proxying inbound port has to be set in transparent mode"));
  }

  @Test
  void transparentProxyingWithoutOutboundPortFails() {
    assertThat(
            convert(
                pod(
                    Map.of(
                        "kuma.io/sidecar-injected", "true",
                        "kuma.io/transparent-proxying", "enabled",
                        "kuma.io/transparent-proxying-inbound-port", "15006"))))
        .isEqualTo(
            new PodConversion.Failure(
                "transparent proxying outbound port has to be set in transparent mode"));
  }

  @Test
  void transparentProxyingPortsAreIgnoredWhenItIsOff() {
    PodConversion result =
        convert(
            pod(
                Map.of(
                    "kuma.io/sidecar-injected", "true",
                    "kuma.io/transparent-proxying", "disabled",
                    "kuma.io/transparent-proxying-inbound-port", "nope")));

    assertThat(spec(result).networking().transparentProxying()).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "kuma.io/envoy-admin-port, abc, invalid syntax",
    "kuma.io/envoy-admin-port, -1, invalid syntax",
    "kuma.io/envoy-admin-port, '', invalid syntax",
    "kuma.io/envoy-admin-port, 4294967296, value out of range",
    "prometheus.metrics.kuma.io/port, 80x, invalid syntax"
  })
  void unparsablePortAnnotationFails(String key, String value, String reason) {
    assertThat(convert(pod(Map.of("kuma.io/sidecar-injected", "true", key, value))))
        .isEqualTo(
            new PodConversion.Failure(
                "failed to parse annotation \""
                    + key
                    + "\": strconv.ParseUint: parsing \""
                    + value
                    + "\": "
                    + reason));
  }

  @Test
  void enabledMetricsAggregateWithoutPortFails() {
    assertThat(
            convert(
                pod(
                    Map.of(
                        "kuma.io/sidecar-injected",
                        "true",
                        "prometheus.metrics.kuma.io/aggregate-app-path",
                        "/stats"))))
        .isEqualTo(new PodConversion.Failure("port needs to be specified for metrics scraping"));
  }

  @Test
  void disabledMetricsAggregateNeedsNoPort() {
    PodConversion result =
        convert(
            pod(
                Map.of(
                    "kuma.io/sidecar-injected",
                    "true",
                    "prometheus.metrics.kuma.io/aggregate-app-enabled",
                    "false")));

    assertThat(spec(result).metrics().conf().toString())
        .isEqualTo("{\"aggregate\":[{\"name\":\"app\",\"path\":\"/metrics\",\"enabled\":false}]}");
  }

  @Test
  void virtualProbesWithoutPortAnnotationFails() {
    assertThat(
            convert(
                pod(Map.of("kuma.io/sidecar-injected", "true", "kuma.io/virtual-probes", "true"))))
        .isEqualTo(
            new PodConversion.Failure("kuma.io/virtual-probes-port annotation doesn't exist"));
  }

  @Test
  void virtualProbeNotOnTheVirtualPortFails() {
    assertThat(convert(withLivenessProbe(8080, "/8080/healthz")))
        .isEqualTo(
            new PodConversion.Failure(
                "unable to convert virtual probe to real: probe's port 8080 should be equal to"
                    + " virtual port 9000"));
  }

  @Test
  void virtualProbeWithoutPortSegmentFails() {
    assertThat(convert(withLivenessProbe(9000, "/healthz")))
        .isEqualTo(
            new PodConversion.Failure(
                "unable to convert virtual probe to real: invalid port value healthz"));
  }

  @Test
  void virtualProbeWithRelativePathFails() {
    assertThat(convert(withLivenessProbe(9000, "healthz")))
        .isEqualTo(
            new PodConversion.Failure(
                "unable to convert virtual probe to real: not enough segments in probe's path"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "33033                      | 33033",
        "33033=                     | 33033=",
        "=backend                   | =backend",
        "0=backend                  | 0=backend",
        "65536=backend              | 65536=backend",
        "port=backend               | port=backend",
        "33033=backend/v1           | 33033=backend/v1",
        "33033=a=b                  | 33033=a=b",
        "1=ok,  2 = bad value ,3=ok | 2 = bad value"
      })
  void malformedExplicitOutboundsFailNamingTheEntry(String value, String entry) {
    assertThat(
            convert(pod(Map.of("kuma.io/sidecar-injected", "true", "portico.io/outbounds", value))))
        .isEqualTo(
            new PodConversion.Failure(
                "annotation \"portico.io/outbounds\" has a malformed entry \""
                    + entry
                    + "\": expected <port>=<kuma.io/service> with a port in [1, 65535]"));
  }

  @Test
  void explicitOutboundPortListedTwiceFails() {
    assertThat(
            convert(
                pod(
                    Map.of(
                        "kuma.io/sidecar-injected",
                        "true",
                        "portico.io/outbounds",
                        "33033=a,33034=b,33033=c"))))
        .isEqualTo(
            new PodConversion.Failure(
                "annotation \"portico.io/outbounds\" lists port 33033 more than once"));
  }

  @Test
  void explicitOutboundsAnnotationMayBeEmpty() {
    PodConversion result =
        convert(pod(Map.of("kuma.io/sidecar-injected", "true", "portico.io/outbounds", " , ")));

    assertThat(spec(result).networking().outbound()).isEmpty();
  }

  // ---------------------------------------------------------------- fixtures

  private static PodConversion convert(Pod pod) {
    return CONVERTER.convert(
        pod, NAMESPACE, List.of(), OutboundSources.none(), KubernetesSettings.defaults());
  }

  private static Pod pod(Map<String, String> annotations) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("example")
        .withNamespace("demo")
        .withLabels(Map.of("app", "example"))
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .addToContainers(new ContainerBuilder().withName("app").build())
        .endSpec()
        .withNewStatus()
        .withPodIP("192.168.0.1")
        .endStatus()
        .build();
  }

  private static Pod withLivenessProbe(int port, String path) {
    Pod pod =
        pod(
            Map.of(
                "kuma.io/sidecar-injected",
                "true",
                "kuma.io/virtual-probes",
                "enabled",
                "kuma.io/virtual-probes-port",
                "9000"));
    pod.getSpec()
        .getContainers()
        .get(0)
        .setLivenessProbe(
            new io.fabric8.kubernetes.api.model.ProbeBuilder()
                .withNewHttpGet()
                .withPath(path)
                .withNewPort(port)
                .endHttpGet()
                .build());
    return pod;
  }

  private static DataplaneSpec spec(PodConversion result) {
    assertThat(result).isInstanceOf(PodConversion.Dataplane.class);
    return ((PodConversion.Dataplane) result).spec();
  }
}
