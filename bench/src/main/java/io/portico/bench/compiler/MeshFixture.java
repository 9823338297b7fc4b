package io.portico.bench.compiler;

import io.portico.cp.compiler.MeshSnapshot;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.Validator;
import io.portico.mesh.api.codec.ParsedDocument;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import io.portico.mesh.api.mesh.MeshSpec;
import io.portico.mesh.api.policy.ExternalServiceSpec;
import io.portico.mesh.api.types.ResourceTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated mesh {@code default} of a given number of dataplanes, as a control plane's snapshot:
 *
 * <ul>
 *   <li>services {@code svc-0 .. svc-(S-1)}, S = dataplanes / 10, each with 10 sidecars (versions
 *       v1 and v2, HTTP) that have 5 outbounds each; one service in ten is TCP;
 *   <li>two builtin gateway dataplanes of service {@code edge} and one MeshGateway {@code edge}
 *       with HTTP listeners on port 8080 ({@code *}, {@code api.example.com}, {@code
 *       *.apps.example.com}), HTTP on 8081 and TCP on 9000;
 *   <li>MeshGatewayRoutes: per listener tag, rules to up to 200 services (prefix, exact, regex,
 *       header and query matches, weighted splits by version, full-path rewrites, header filters,
 *       redirects), and a TCP route;
 *   <li>5 ExternalServices;
 *   <li>the default policies of a new mesh (TrafficPermission, TrafficRoute, Timeout,
 *       CircuitBreaker, Retry) and, for one service in ten, its own Timeout, Retry, HealthCheck,
 *       CircuitBreaker and RateLimit, plus a TrafficPermission per service in one in five.
 * </ul>
 *
 * Every generated resource must be valid; the fixture fails otherwise. With {@code mtls} the mesh
 * has a builtin CA backend (the CA certificate is a placeholder: the compiler only copies it).
 */
public final class MeshFixture {
  /** The sidecar whose config {@link CompileBenchmark} compiles. */
  public static final String SIDECAR = "svc-0-v1-0";

  /** The gateway dataplane whose config {@link CompileBenchmark} compiles. */
  public static final String GATEWAY = "edge-gw-1";

  private static final ResourceCodec CODEC = ResourceCodec.standard();
  private static final int INSTANCES_PER_SERVICE = 10;
  private static final int OUTBOUNDS_PER_SIDECAR = 5;
  private static final int GATEWAY_SERVICES = 200;

  private final List<Resource<?>> resources;
  private final MeshSnapshot snapshot;

  private MeshFixture(List<Resource<?>> resources, MeshSnapshot snapshot) {
    this.resources = resources;
    this.snapshot = snapshot;
  }

  public static MeshFixture of(int dataplanes, boolean mtls) {
    int services = Math.max(1, dataplanes / INSTANCES_PER_SERVICE);
    StringBuilder yaml = new StringBuilder();
    mesh(yaml, mtls);
    defaultPolicies(yaml);
    for (int s = 0; s < services; s++) {
      for (int i = 0; i < INSTANCES_PER_SERVICE; i++) {
        sidecar(yaml, services, s, i);
      }
      if (s % 10 == 0) {
        servicePolicies(yaml, s);
      }
      if (s % 5 == 0) {
        permission(yaml, s, services);
      }
    }
    gateway(yaml, services);
    externalServices(yaml);
    List<Resource<?>> resources = parse(yaml.toString());
    return new MeshFixture(resources, snapshot(resources, mtls));
  }

  public MeshSnapshot snapshot() {
    return snapshot;
  }

  public int size() {
    return snapshot.dataplanes().size();
  }

  /** The dataplane named {@code name}. */
  public Resource<DataplaneSpec> dataplane(String name) {
    return snapshot.dataplanes().stream()
        .filter(d -> d.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no dataplane " + name));
  }

  /** How many resources of every kind the mesh has, for the benchmark's log. */
  public Map<String, Integer> counts() {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Resource<?> r : resources) {
      out.merge(r.type().name(), 1, Integer::sum);
    }
    return out;
  }

  private static void mesh(StringBuilder yaml, boolean mtls) {
    yaml.append("type: Mesh\nname: default\n");
    if (mtls) {
      yaml.append(
          """
          mtls:
            enabledBackend: ca-1
            backends:
              - name: ca-1
                type: builtin
          """);
    }
    yaml.append("---\n");
  }

  private static void defaultPolicies(StringBuilder yaml) {
    String all =
        """
        sources: [{match: {kuma.io/service: '*'}}]
        destinations: [{match: {kuma.io/service: '*'}}]
        """;
    yaml.append("type: TrafficPermission\nmesh: default\nname: allow-all-default\n")
        .append(all)
        .append("---\n");
    yaml.append("type: TrafficRoute\nmesh: default\nname: route-all-default\n")
        .append(all)
        .append(
            """
            conf:
              destination: {kuma.io/service: '*'}
              loadBalancer: {roundRobin: {}}
            ---
            """);
    yaml.append("type: Timeout\nmesh: default\nname: timeout-all-default\n")
        .append(all)
        .append(
            """
            conf:
              connectTimeout: 5s
              tcp: {idleTimeout: 1h}
              http: {idleTimeout: 1h, requestTimeout: 15s, streamIdleTimeout: 30m}
            ---
            """);
    yaml.append("type: CircuitBreaker\nmesh: default\nname: circuit-breaker-all-default\n")
        .append(all)
        .append(
            """
            conf:
              thresholds: {maxConnections: 1024, maxPendingRequests: 1024, maxRequests: 1024, maxRetries: 3}
            ---
            """);
    yaml.append("type: Retry\nmesh: default\nname: retry-all-default\n")
        .append(all)
        .append(
            """
            conf:
              http:
                numRetries: 5
                perTryTimeout: 16s
                backOff: {baseInterval: 25ms, maxInterval: 250ms}
              tcp: {maxConnectAttempts: 5}
            ---
            """);
  }

  private static boolean isTcp(int service) {
    return service % 10 == 9;
  }

  private static void sidecar(StringBuilder yaml, int services, int s, int i) {
    String version = i % 2 == 0 ? "v1" : "v2";
    String name = "svc-" + s + "-" + version + "-" + (i / 2);
    int n = s * INSTANCES_PER_SERVICE + i;
    String address = "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    yaml.append("type: Dataplane\nmesh: default\nname: ")
        .append(name)
        .append("\nnetworking:\n  address: ")
        .append(address)
        .append("\n  inbound:\n    - port: 10080\n      servicePort: 8080\n      tags:\n")
        .append("        kuma.io/service: svc-")
        .append(s)
        .append("\n        kuma.io/protocol: ")
        .append(isTcp(s) ? "tcp" : "http")
        .append("\n        version: ")
        .append(version)
        .append("\n        kuma.io/zone: zone-")
        .append(n % 3)
        .append("\n  outbound:\n");
    for (int o = 1; o <= OUTBOUNDS_PER_SIDECAR; o++) {
      int target = (s + o * 7) % services;
      yaml.append("    - port: ")
          .append(20000 + o)
          .append("\n      tags: {kuma.io/service: svc-")
          .append(target)
          .append("}\n");
    }
    yaml.append("---\n");
  }

  private static void servicePolicies(StringBuilder yaml, int s) {
    String selector =
        """
        sources: [{match: {kuma.io/service: '*'}}]
        destinations: [{match: {kuma.io/service: svc-%d}}]
        """
            .formatted(s);
    yaml.append("type: Timeout\nmesh: default\nname: timeout-svc-")
        .append(s)
        .append('\n')
        .append(selector)
        .append(
            """
            conf:
              connectTimeout: 2s
              http: {requestTimeout: 5s, idleTimeout: 30m}
            ---
            """);
    yaml.append("type: Retry\nmesh: default\nname: retry-svc-")
        .append(s)
        .append('\n')
        .append(selector)
        .append(
            """
            conf:
              http:
                numRetries: 3
                perTryTimeout: 2s
                backOff: {baseInterval: 100ms}
                retryOn: [all_5xx, connect_failure]
                retriableStatusCodes: [409]
            ---
            """);
    yaml.append("type: HealthCheck\nmesh: default\nname: hc-svc-")
        .append(s)
        .append('\n')
        .append(selector)
        .append(
            """
            conf:
              interval: 10s
              timeout: 2s
              unhealthyThreshold: 3
              healthyThreshold: 1
              http: {path: /health}
            ---
            """);
    yaml.append("type: CircuitBreaker\nmesh: default\nname: cb-svc-")
        .append(s)
        .append('\n')
        .append(selector)
        .append(
            """
            conf:
              thresholds: {maxConnections: 100, maxRequests: 200}
            ---
            """);
    yaml.append("type: RateLimit\nmesh: default\nname: rl-svc-")
        .append(s)
        .append(
            """

            sources: [{match: {kuma.io/service: edge}}]
            destinations: [{match: {kuma.io/service: svc-%d}}]
            conf:
              http:
                requests: 100
                interval: 10s
                onRateLimit:
                  status: 429
                  headers: [{key: x-rate-limited, value: "true"}]
            ---
            """
                .formatted(s));
  }

  private static void permission(StringBuilder yaml, int s, int services) {
    yaml.append("type: TrafficPermission\nmesh: default\nname: allow-to-svc-")
        .append(s)
        .append("\nsources:\n  - match: {kuma.io/service: edge}\n")
        .append("  - match: {kuma.io/service: svc-")
        .append((s + 1) % services)
        .append("}\ndestinations: [{match: {kuma.io/service: svc-")
        .append(s)
        .append("}}]\n---\n");
  }

  private static void gateway(StringBuilder yaml, int services) {
    for (int g = 1; g <= 2; g++) {
      yaml.append(
          """
          type: Dataplane
          mesh: default
          name: edge-gw-%d
          networking:
            address: 10.255.0.%d
            gateway:
              type: BUILTIN
              tags: {kuma.io/service: edge}
          ---
          """
              .formatted(g, g));
    }
    yaml.append(
        """
        type: MeshGateway
        mesh: default
        name: edge
        selectors: [{match: {kuma.io/service: edge}}]
        conf:
          listeners:
            - {port: 8080, protocol: HTTP, hostname: "*", tags: {listener: public}}
            - {port: 8080, protocol: HTTP, hostname: api.example.com, tags: {listener: api}}
            - {port: 8080, protocol: HTTP, hostname: "*.apps.example.com", tags: {listener: apps}}
            - {port: 8081, protocol: HTTP, tags: {listener: internal}}
            - {port: 9000, protocol: TCP, tags: {listener: tcp}}
        ---
        """);
    int routed = Math.min(services, GATEWAY_SERVICES);
    for (String listener : List.of("public", "api", "apps", "internal")) {
      StringBuilder rules = new StringBuilder();
      for (int s = 0; s < routed; s++) {
        if (isTcp(s)) {
          continue;
        }
        rules.append(rule(s));
      }
      rules.append(
          """
                - matches: [{path: {match: PREFIX, value: /old}}]
                  filters: [{redirect: {scheme: https, hostname: example.org, statusCode: 301}}]
                - matches: [{path: {match: PREFIX, value: /}}]
                  backends: [{destination: {kuma.io/service: svc-0}}]
          """);
      yaml.append("type: MeshGatewayRoute\nmesh: default\nname: edge-")
          .append(listener)
          .append("\nselectors: [{match: {kuma.io/service: edge, listener: ")
          .append(listener)
          .append("}}]\nconf:\n  http:\n")
          .append(
              listener.equals("public") ? "    hostnames: [www.example.com, example.com]\n" : "")
          .append("    rules:\n")
          .append(rules)
          .append("---\n");
    }
    yaml.append(
        """
        type: MeshGatewayRoute
        mesh: default
        name: edge-tcp
        selectors: [{match: {kuma.io/service: edge, listener: tcp}}]
        conf:
          tcp:
            rules:
              - backends:
                  - {weight: 1, destination: {kuma.io/service: svc-9}}
                  - {weight: 1, destination: {kuma.io/service: svc-19}}
        ---
        """);
  }

  private static String rule(int s) {
    return switch (s % 5) {
      case 0 ->
          """
                - matches: [{path: {match: PREFIX, value: /svc-%1$d}}]
                  backends:
                    - {weight: 90, destination: {kuma.io/service: svc-%1$d, version: v1}}
                    - {weight: 10, destination: {kuma.io/service: svc-%1$d, version: v2}}
          """
              .formatted(s);
      case 1 ->
          """
                - matches: [{path: {match: EXACT, value: /svc-%1$d/status}}]
                  backends: [{destination: {kuma.io/service: svc-%1$d}}]
          """
              .formatted(s);
      case 2 ->
          """
                - matches: [{path: {match: REGEX, value: "^/svc-%1$d/items/[0-9]+$"}}]
                  filters: [{rewrite: {replaceFull: /items}}]
                  backends: [{destination: {kuma.io/service: svc-%1$d}}]
          """
              .formatted(s);
      case 3 ->
          """
                - matches:
                    - path: {match: PREFIX, value: /svc-%1$d}
                      headers: [{match: EXACT, name: x-canary, value: "true"}]
                  filters:
                    - requestHeader: {set: [{name: x-route, value: svc-%1$d}]}
                  backends: [{destination: {kuma.io/service: svc-%1$d, version: v2}}]
                - matches: [{path: {match: PREFIX, value: /svc-%1$d}}]
                  backends: [{destination: {kuma.io/service: svc-%1$d, version: v1}}]
          """
              .formatted(s);
      default ->
          """
                - matches:
                    - path: {match: PREFIX, value: /svc-%1$d}
                      queryParameters: [{match: EXACT, name: debug, value: "1"}]
                  filters:
                    - responseHeader: {set: [{name: x-debug, value: "on"}]}
                  backends: [{destination: {kuma.io/service: svc-%1$d}}]
          """
              .formatted(s);
    };
  }

  private static void externalServices(StringBuilder yaml) {
    for (int e = 0; e < 5; e++) {
      yaml.append(
          """
          type: ExternalService
          mesh: default
          name: external-%1$d
          tags: {kuma.io/service: external-%1$d, kuma.io/protocol: http}
          networking:
            address: api-%1$d.partner.example.com:443
            tls: {enabled: true}
          ---
          """
              .formatted(e));
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Resource<?>> parse(String yaml) {
    List<Resource<?>> out = new ArrayList<>();
    for (ParsedDocument doc : CODEC.readDocuments(yaml)) {
      if (!doc.isParsed()) {
        throw new IllegalStateException(doc.describe() + ": " + doc.violations());
      }
      Resource<?> resource = doc.resource();
      Validator validator = resource.type().validator();
      List<?> errors = validator.violations(resource.spec());
      if (!errors.isEmpty()) {
        throw new IllegalStateException(resource.key() + " is invalid: " + errors);
      }
      out.add(resource);
    }
    return out;
  }

  private static MeshSnapshot snapshot(List<Resource<?>> resources, boolean mtls) {
    Resource<MeshSpec> mesh = null;
    List<Resource<DataplaneSpec>> dataplanes = new ArrayList<>();
    List<Resource<MeshGatewaySpec>> gateways = new ArrayList<>();
    List<Resource<MeshGatewayRouteSpec>> routes = new ArrayList<>();
    List<Resource<ExternalServiceSpec>> externalServices = new ArrayList<>();
    Map<String, List<Resource<? extends ResourceSpec>>> policies = new LinkedHashMap<>();
    for (Resource<?> r : resources) {
      if (r.type().equals(ResourceTypes.MESH)) {
        mesh = r.as(ResourceTypes.MESH);
      } else if (r.type().equals(ResourceTypes.DATAPLANE)) {
        dataplanes.add(r.as(ResourceTypes.DATAPLANE));
      } else if (r.type().equals(ResourceTypes.MESH_GATEWAY)) {
        gateways.add(r.as(ResourceTypes.MESH_GATEWAY));
      } else if (r.type().equals(ResourceTypes.MESH_GATEWAY_ROUTE)) {
        routes.add(r.as(ResourceTypes.MESH_GATEWAY_ROUTE));
      } else if (r.type().equals(ResourceTypes.EXTERNAL_SERVICE)) {
        externalServices.add(r.as(ResourceTypes.EXTERNAL_SERVICE));
      } else {
        policies.computeIfAbsent(r.type().name(), t -> new ArrayList<>()).add(r);
      }
    }
    List<String> cas = mtls ? List.of(PLACEHOLDER_CA) : List.of();
    return new MeshSnapshot(
        mesh,
        dataplanes,
        gateways,
        routes,
        externalServices,
        policies,
        cas,
        Map.of(),
        List.of(),
        Map.of(),
        "bench-" + dataplanes.size() + (mtls ? "-mtls" : ""));
  }

  private static final String PLACEHOLDER_CA =
      "-----BEGIN CERTIFICATE-----\nMIIBbench\n-----END CERTIFICATE-----\n";
}
