package io.portico.mesh.api;

import static io.portico.mesh.api.ValidationCases.CODEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.mesh.api.codec.ParsedDocument;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.gateway.MeshGatewayInstanceSpec;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import io.portico.mesh.api.types.ResourceTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Kuma resource of the seed page (Kong Mesh 2.0.x "Gateway") parses, validates and
 * round-trips (spec/gateway.md §1, §6.1).
 */
class SeedFixturesTest {
  static Stream<String> fixtures() {
    return Stream.of(
        "dataplane-kong-01-delegated.yaml",
        "dataplane-gateway-instance-1-builtin.yaml",
        "meshgatewayinstance-kubernetes.yaml",
        "meshgateway-kubernetes.yaml",
        "meshgateway-universal.yaml",
        "meshgatewayroute-kubernetes.yaml",
        "meshgatewayroute-universal.yaml",
        "tcp-meshgateway-and-route.yaml",
        "fragment-meshgatewayinstance-customization.yaml",
        "fragment-meshgateway-crossmesh.yaml",
        "fragment-dataplane-crossmesh-outbound.yaml");
  }

  static String read(String name) {
    try (InputStream in = SeedFixturesTest.class.getResourceAsStream("/seed/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static List<Resource<?>> parse(String name) {
    List<ParsedDocument> docs = CODEC.readDocuments(read(name));
    assertThat(docs).as(name).isNotEmpty();
    docs.forEach(d -> assertThat(d.violations()).as(name + " " + d.describe()).isEmpty());
    return docs.stream().<Resource<?>>map(ParsedDocument::resource).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void seedExampleIsValid(String name) {
    for (Resource<?> resource : parse(name)) {
      assertThat(ValidationCases.violationsOf(resource)).as(name).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void seedExampleRoundTrips(String name) {
    for (Resource<?> resource : parse(name)) {
      Resource<?> again = CODEC.readResource(CODEC.toJson(resource));
      assertThat(again.key()).isEqualTo(resource.key());
      assertThat(again.spec()).isEqualTo(resource.spec());
      Resource<?> fromYaml = CODEC.readResource(CODEC.toYaml(resource));
      assertThat(fromYaml.spec()).isEqualTo(resource.spec());
    }
  }

  @Test
  void delegatedDataplaneHasOutboundsOnly() {
    Resource<DataplaneSpec> dp =
        parse("dataplane-kong-01-delegated.yaml").get(0).as(ResourceTypes.DATAPLANE);
    assertThat(dp.name()).isEqualTo("kong-01");
    assertThat(dp.spec().isDelegatedGateway()).isTrue();
    DataplaneSpec.Networking net = dp.spec().networking();
    assertThat(net.address()).isEqualTo("10.0.0.1");
    assertThat(net.gateway().tags()).containsExactly(Map.entry("kuma.io/service", "kong"));
    assertThat(net.inbound()).isEmpty();
    assertThat(net.outbound()).hasSize(1);
    assertThat(net.outbound().get(0).port()).isEqualTo(33033);
    assertThat(net.outbound().get(0).address()).isEmpty();
    assertThat(net.outbound().get(0).tags()).containsEntry("kuma.io/service", "backend");
  }

  @Test
  void builtinDataplaneIsAGateway() {
    Resource<DataplaneSpec> dp =
        parse("dataplane-gateway-instance-1-builtin.yaml").get(0).as(ResourceTypes.DATAPLANE);
    assertThat(dp.spec().isBuiltinGateway()).isTrue();
    assertThat(dp.spec().networking().address()).isEqualTo("127.0.0.1");
    assertThat(dp.spec().networking().gateway().tags())
        .containsExactly(Map.entry("kuma.io/service", "edge-gateway"));
  }

  @Test
  void gatewayTypeDefaultsToDelegated() {
    Resource<?> dp =
        CODEC.readResource(
            """
            type: Dataplane
            mesh: default
            name: kong-02
            networking:
              address: 10.0.0.2
              gateway:
                tags:
                  kuma.io/service: kong
            """);
    assertThat(((DataplaneSpec) dp.spec()).networking().gateway().type())
        .isEqualTo(DataplaneSpec.GatewayType.DELEGATED);
  }

  @Test
  void kubernetesAndUniversalMeshGatewaysAreTheSame() {
    Resource<?> k8s = parse("meshgateway-kubernetes.yaml").get(0);
    Resource<?> universal = parse("meshgateway-universal.yaml").get(0);
    assertThat(k8s.key()).isEqualTo(universal.key());
    assertThat(k8s.spec()).isEqualTo(universal.spec());
    MeshGatewaySpec spec = (MeshGatewaySpec) universal.spec();
    assertThat(spec.selectors())
        .containsExactly(Selector.of(Map.of("kuma.io/service", "edge-gateway")));
    MeshGatewaySpec.Listener listener = spec.conf().listeners().get(0);
    assertThat(listener.port()).isEqualTo(8080);
    assertThat(listener.protocol()).isEqualTo(MeshGatewaySpec.Protocol.HTTP);
    assertThat(listener.hostname()).isEqualTo("foo.example.com");
    assertThat(listener.tags()).containsExactly(Map.entry("port", "http/8080"));
    assertThat(listener.crossMesh()).isFalse();
  }

  @Test
  void kubernetesAndUniversalRoutesAreTheSame() {
    Resource<?> k8s = parse("meshgatewayroute-kubernetes.yaml").get(0);
    Resource<?> universal = parse("meshgatewayroute-universal.yaml").get(0);
    assertThat(k8s.key()).isEqualTo(universal.key());
    assertThat(k8s.spec()).isEqualTo(universal.spec());
    MeshGatewayRouteSpec spec = (MeshGatewayRouteSpec) universal.spec();
    MeshGatewayRouteSpec.HttpRule rule = spec.conf().http().rules().get(0);
    assertThat(rule.matches().get(0).path())
        .isEqualTo(
            new MeshGatewayRouteSpec.PathMatch(MeshGatewayRouteSpec.PathMatchType.PREFIX, "/"));
    assertThat(rule.backends().get(0).destination())
        .containsExactly(Map.entry("kuma.io/service", "demo-app_kuma-demo_svc_5000"));
    assertThat(rule.backends().get(0).weight()).isZero();
  }

  @Test
  void tcpPairIsAGatewayAndARoute() {
    List<Resource<?>> pair = parse("tcp-meshgateway-and-route.yaml");
    assertThat(pair)
        .extracting(r -> r.type().name())
        .containsExactly("MeshGateway", "MeshGatewayRoute");
    MeshGatewaySpec gateway = (MeshGatewaySpec) pair.get(0).spec();
    assertThat(gateway.conf().listeners().get(0).protocol())
        .isEqualTo(MeshGatewaySpec.Protocol.TCP);
    MeshGatewayRouteSpec route = (MeshGatewayRouteSpec) pair.get(1).spec();
    assertThat(route.conf().http()).isNull();
    assertThat(route.conf().tcp().rules().get(0).backends().get(0).destination())
        .containsEntry("kuma.io/service", "redis_kuma-demo_svc_6379");
  }

  @Test
  void meshGatewayInstanceDefaultsAndTemplates() {
    Resource<?> plain = parse("meshgatewayinstance-kubernetes.yaml").get(0);
    assertThat(plain.mesh()).isEqualTo("default");
    MeshGatewayInstanceSpec spec = (MeshGatewayInstanceSpec) plain.spec();
    assertThat(spec.replicas()).isEqualTo(1);
    assertThat(spec.serviceType()).isEqualTo(MeshGatewayInstanceSpec.ServiceType.LOAD_BALANCER);
    assertThat(spec.tags()).containsExactly(Map.entry("kuma.io/service", "edge-gateway"));
    assertThat(spec.resources()).isNull();

    MeshGatewayInstanceSpec custom =
        (MeshGatewayInstanceSpec)
            parse("fragment-meshgatewayinstance-customization.yaml").get(0).spec();
    assertThat(custom.resources().path("limits").asText()).isEqualTo("...");
    assertThat(
            custom
                .serviceTemplate()
                .path("metadata")
                .path("annotations")
                .path("service.beta.kubernetes.io/aws-load-balancer-internal")
                .asText())
        .isEqualTo("true");
  }

  @Test
  void crossMeshFragments() {
    MeshGatewaySpec gateway =
        (MeshGatewaySpec) parse("fragment-meshgateway-crossmesh.yaml").get(0).spec();
    assertThat(gateway.isCrossMesh()).isTrue();
    assertThat(gateway.conf().listeners().get(0).hostname()).isEqualTo("default.mesh");

    DataplaneSpec client =
        (DataplaneSpec) parse("fragment-dataplane-crossmesh-outbound.yaml").get(0).spec();
    assertThat(client.networking().outbound().get(0).tags())
        .containsEntry("kuma.io/service", "cross-mesh-gateway")
        .containsEntry("kuma.io/mesh", "default");
  }
}
