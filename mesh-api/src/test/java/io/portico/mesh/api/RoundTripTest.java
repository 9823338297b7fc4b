package io.portico.mesh.api;

import static io.portico.mesh.api.ValidationCases.CODEC;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Rich specs of the gateway kinds survive parse → JSON → parse unchanged, are written with the
 * protobuf-JSON names, and keep explicitly set wrapper values (spec/core.md §0).
 */
class RoundTripTest {
  private static Resource<?> roundTrip(String yaml) {
    Resource<?> resource = CODEC.readResource(yaml);
    assertThat(ValidationCases.violationsOf(resource)).isEmpty();
    Resource<?> again = CODEC.readResource(CODEC.toJson(resource));
    assertThat(again.spec()).isEqualTo(resource.spec());
    assertThat(CODEC.readResource(CODEC.toYaml(resource)).spec()).isEqualTo(resource.spec());
    return resource;
  }

  @Test
  void richRouteRoundTrips() {
    Resource<?> route =
        roundTrip(
            """
            type: MeshGatewayRoute
            mesh: default
            name: r
            selectors:
            - match:
                kuma.io/service: gw
                port: http/8080
            conf:
              http:
                hostnames: [foo.example.com, '*.example.com']
                rules:
                - matches:
                  - path:
                      match: PREFIX
                      value: /api
                    method: POST
                    headers:
                    - name: x-version
                      value: v2
                    - match: ABSENT
                      name: x-debug
                    query_parameters:
                    - match: REGEX
                      name: page
                      value: '[0-9]+'
                  filters:
                  - request_header:
                      set: [{name: x-a, value: b}]
                      add: [{name: x-c, value: d}]
                      remove: [x-e]
                  - response_header:
                      remove: [server]
                  - mirror:
                      percentage: 0
                      backend:
                        destination:
                          kuma.io/service: shadow
                  - rewrite:
                      replace_prefix_match: /v2
                      host_to_backend_hostname: true
                  backends:
                  - weight: 90
                    destination:
                      kuma.io/service: api
                      version: v2
                  - weight: 10
                    destination:
                      kuma.io/service: api
                      version: v1
                - matches:
                  - path:
                      value: /old
                  filters:
                  - redirect:
                      status_code: 301
                      path:
                        replace_full: /new
            """);
    JsonNode tree = CODEC.toTree(route);
    JsonNode rule = tree.path("conf").path("http").path("rules").get(0);
    assertThat(rule.path("matches").get(0).has("queryParameters")).isTrue();
    assertThat(rule.path("filters").get(0).has("requestHeader")).isTrue();
    assertThat(rule.path("filters").get(2).path("mirror").path("percentage").asDouble()).isZero();
    assertThat(
            rule.path("filters").get(3).path("rewrite").path("hostToBackendHostname").asBoolean())
        .isTrue();
    JsonNode redirect = tree.path("conf").path("http").path("rules").get(1).path("filters").get(0);
    assertThat(redirect.path("redirect").path("statusCode").asInt()).isEqualTo(301);
    assertThat(redirect.path("redirect").has("scheme")).isFalse();
    assertThat(CODEC.toJson(route)).doesNotContain("_");
    JsonNode match = rule.path("matches").get(0);
    assertThat(match.path("method").asText()).isEqualTo("POST");
    assertThat(match.path("path").path("match").asText()).isEqualTo("PREFIX");
    assertThat(match.path("headers").get(0).has("match")).isFalse();
    assertThat(match.path("headers").get(1).path("match").asText()).isEqualTo("ABSENT");
    JsonNode exact = tree.path("conf").path("http").path("rules").get(1).path("matches").get(0);
    assertThat(exact.has("method")).isFalse();
    assertThat(exact.path("path").has("match")).isFalse();
  }

  @Test
  void richGatewayRoundTrips() {
    Resource<?> gateway =
        roundTrip(
            """
            type: MeshGateway
            mesh: default
            name: edge
            selectors:
            - match:
                kuma.io/service: edge
            tags:
              location: eu
            conf:
              listeners:
              - port: 443
                protocol: HTTPS
                hostname: '*.example.com'
                tls:
                  mode: TERMINATE
                  certificates:
                  - secret: example-com
                  - inlineString: "-----BEGIN CERTIFICATE-----"
                  options: {}
                tags:
                  port: https
                resources:
                  connectionLimit: 100
              - port: 8080
                protocol: HTTP
                crossMesh: true
            """);
    JsonNode listener = CODEC.toTree(gateway).path("conf").path("listeners").get(0);
    assertThat(listener.path("tls").path("certificates").get(1).has("inlineString")).isTrue();
    assertThat(listener.path("tls").path("certificates").get(0).has("file")).isFalse();
    assertThat(listener.path("resources").path("connectionLimit").asInt()).isEqualTo(100);
    assertThat(CODEC.toTree(gateway).path("conf").path("listeners").get(1).has("crossMesh"))
        .isTrue();
  }

  @Test
  void richDataplaneRoundTrips() {
    Resource<?> dataplane =
        roundTrip(
            """
            type: Dataplane
            mesh: default
            name: backend-1
            networking:
              address: 10.0.0.7
              advertisedAddress: 192.168.0.7
              admin: { port: 9902 }
              inbound:
                - port: 18080
                  servicePort: 8080
                  serviceAddress: 127.0.0.1
                  health: { ready: false }
                  serviceProbe:
                    interval: 5s
                    timeout: 1s
                    healthyThreshold: 2
                    unhealthyThreshold: 3
                    tcp: {}
                  tags: { kuma.io/service: backend, kuma.io/protocol: http, version: v1 }
              outbound:
                - port: 10001
                  tags: { kuma.io/service: redis }
              transparentProxying:
                redirectPortInbound: 15006
                redirectPortOutbound: 15001
                directAccessServices: [a, b]
                reachableServices: [redis]
            metrics:
              type: prometheus
              conf:
                port: 5670
                path: /metrics
            probes:
              port: 9000
              endpoints:
              - inboundPort: 18080
                inboundPath: /healthz
                path: /18080/healthz
            """);
    JsonNode inbound = CODEC.toTree(dataplane).path("networking").path("inbound").get(0);
    assertThat(inbound.path("serviceProbe").has("tcp")).isTrue();
    assertThat(inbound.path("serviceProbe").path("interval").asText()).isEqualTo("5s");
    assertThat(inbound.has("health")).isTrue();
  }
}
