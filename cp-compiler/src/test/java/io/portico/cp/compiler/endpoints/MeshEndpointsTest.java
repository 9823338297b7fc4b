package io.portico.cp.compiler.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.cp.compiler.TestSnapshots;
import io.portico.cp.compiler.context.DataSourceContents;
import io.portico.cp.compiler.context.MeshContext;
import io.portico.cp.compiler.context.MeshMtls;
import io.portico.cp.compiler.plan.ClusterPlan.UpstreamKind;
import io.portico.cp.compiler.plan.EndpointPlan;
import io.portico.cp.compiler.plan.Problems;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.policy.ExternalServiceSpec;
import io.portico.mesh.api.types.ResourceTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Destinations resolved over the endpoint index by {@code kuma.io/service}: the same endpoints, in
 * the same order, as a scan of every inbound of the mesh.
 */
class MeshEndpointsTest {
  private static final String MESH =
      """
      type: Dataplane
      mesh: default
      name: b-multi
      networking:
        address: 10.0.0.2
        inbound:
          - port: 2001
            servicePort: 8080
            tags: {kuma.io/service: web, kuma.io/protocol: http, version: v2}
          - port: 2002
            servicePort: 8081
            tags: {kuma.io/service: api, kuma.io/protocol: http2}
      ---
      type: Dataplane
      mesh: default
      name: a-web
      networking:
        address: 10.0.0.1
        advertisedAddress: 192.0.2.1
        inbound:
          - port: 1001
            servicePort: 8080
            tags: {kuma.io/service: web, kuma.io/protocol: http, version: v1}
      ---
      type: Dataplane
      mesh: default
      name: c-web-not-ready
      networking:
        address: 10.0.0.3
        inbound:
          - port: 3001
            servicePort: 8080
            tags: {kuma.io/service: web, kuma.io/protocol: http2, version: v1}
            health: {ready: false}
      ---
      type: Dataplane
      mesh: default
      name: d-gateway
      networking:
        address: 10.0.0.4
        gateway:
          type: BUILTIN
          tags: {kuma.io/service: edge}
      ---
      type: ExternalService
      mesh: default
      name: httpbin
      tags: {kuma.io/service: httpbin, kuma.io/protocol: http}
      networking:
        address: httpbin.org:443
      ---
      type: ExternalService
      mesh: default
      name: api-outside
      tags: {kuma.io/service: api}
      networking:
        address: api.example.com:80
      """;

  private static final Upstreams UPSTREAMS = upstreams();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      value = {
        // dataplanes in name order, inbounds in declaration order
        "kuma.io/service=web | 192.0.2.1:1001 10.0.0.2:2001",
        "kuma.io/service=web,version=v2 | 10.0.0.2:2001",
        "kuma.io/service=web,version=* | 192.0.2.1:1001 10.0.0.2:2001",
        "kuma.io/service=web,version=v3 | ",
        // a wildcard or absent service: every inbound is a candidate
        "kuma.io/service=* | 192.0.2.1:1001 10.0.0.2:2001 10.0.0.2:2002",
        "version=v2 | 10.0.0.2:2001",
        "kuma.io/protocol=http2 | 10.0.0.2:2002",
        // a gateway dataplane has no inbound: no endpoint for its service
        "kuma.io/service=edge | ",
        "kuma.io/service=nowhere | ",
      },
      delimiter = '|')
  void meshDestinationsResolveToTheMatchingHealthyInbounds(String destination, String expected) {
    Destination resolved = UPSTREAMS.resolve(tags(destination));
    assertThat(resolved.kind()).isEqualTo(UpstreamKind.MESH);
    assertThat(addresses(resolved.endpoints())).isEqualTo(expected == null ? "" : expected);
  }

  @Test
  void anExternalServiceWinsOverDataplanesOfItsService() {
    Destination api = UPSTREAMS.resolve(Map.of("kuma.io/service", "api"));
    assertThat(api.kind()).isEqualTo(UpstreamKind.EXTERNAL);
    assertThat(addresses(api.endpoints())).isEqualTo("api.example.com:80");
    assertThat(UPSTREAMS.serviceProtocol(Map.of("kuma.io/service", "api")))
        .isEqualTo(ServiceProtocol.UNKNOWN);
  }

  @Test
  void anExternalServiceOfItsOwnServiceIsResolvedWithItsProtocol() {
    Destination httpbin = UPSTREAMS.resolve(Map.of("kuma.io/service", "httpbin"));
    assertThat(httpbin.kind()).isEqualTo(UpstreamKind.EXTERNAL);
    assertThat(addresses(httpbin.endpoints())).isEqualTo("httpbin.org:443");
    assertThat(httpbin.externalProtocol()).isEqualTo(ServiceProtocol.HTTP);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      value = {
        // the not-ready http2 instance counts: http + http2 -> tcp
        "kuma.io/service=web | TCP",
        "kuma.io/service=web,version=v2 | HTTP",
        "kuma.io/service=web,version=v1 | TCP",
        "kuma.io/service=* | TCP",
        "version=v2 | HTTP",
        "kuma.io/service=nowhere | UNKNOWN",
      },
      delimiter = '|')
  void serviceProtocolIsCommonToEveryMatchingInbound(String destination, String expected) {
    assertThat(UPSTREAMS.serviceProtocol(tags(destination)))
        .isEqualTo(ServiceProtocol.valueOf(expected));
  }

  private static Upstreams upstreams() {
    List<Resource<DataplaneSpec>> dataplanes = new ArrayList<>();
    List<Resource<ExternalServiceSpec>> external = new ArrayList<>();
    for (Resource<?> resource : TestSnapshots.resources(MESH)) {
      if (resource.type().equals(ResourceTypes.DATAPLANE)) {
        dataplanes.add(resource.as(ResourceTypes.DATAPLANE));
      } else if (resource.type().equals(ResourceTypes.EXTERNAL_SERVICE)) {
        external.add(resource.as(ResourceTypes.EXTERNAL_SERVICE));
      }
    }
    MeshContext mesh =
        new MeshContext(
            "default",
            dataplanes,
            List.of(),
            List.of(),
            external,
            Map.of(),
            MeshMtls.off("default"),
            DataSourceContents.NONE,
            List.of(),
            Map.of());
    return Upstreams.of(mesh, MeshEndpoints.of(mesh), service -> true, new Problems());
  }

  private static Map<String, String> tags(String spec) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (String pair : spec.split(",")) {
      String[] kv = pair.split("=", 2);
      out.put(kv[0], kv[1]);
    }
    return out;
  }

  private static String addresses(List<EndpointPlan> endpoints) {
    return String.join(" ", endpoints.stream().map(e -> e.address() + ":" + e.port()).toList());
  }
}
