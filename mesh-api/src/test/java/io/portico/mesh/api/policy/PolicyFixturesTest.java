package io.portico.mesh.api.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.codec.ParsedDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every example under {@code policies/} parses, validates without violations and survives a round
 * trip through JSON.
 */
class PolicyFixturesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "default-mesh-resources.yaml, TrafficPermission TrafficRoute Timeout CircuitBreaker Retry"
        + " Secret",
    "traffic-permission.yaml, TrafficPermission",
    "traffic-route.yaml, TrafficRoute",
    "timeout.yaml, Timeout",
    "retry.yaml, Retry",
    "circuit-breaker.yaml, CircuitBreaker",
    "health-check.yaml, HealthCheck",
    "fault-injection.yaml, FaultInjection",
    "rate-limit.yaml, RateLimit",
    "traffic-log.yaml, TrafficLog",
    "traffic-trace.yaml, TrafficTrace",
    "proxy-template.yaml, ProxyTemplate",
    "virtual-outbound.yaml, VirtualOutbound",
    "external-service.yaml, ExternalService",
    "mesh-traffic-permission.yaml, MeshTrafficPermission",
    "mesh-access-log.yaml, MeshAccessLog",
    "mesh-trace.yaml, MeshTrace",
  })
  void exampleIsValidAndRoundTrips(String file, String types) throws IOException {
    List<ParsedDocument> docs = Violations.CODEC.readDocuments(read(file));

    assertThat(docs).allSatisfy(d -> assertThat(d.violations()).isEmpty());
    Set<String> parsedTypes =
        docs.stream().map(d -> d.resource().type().name()).collect(Collectors.toSet());
    assertThat(parsedTypes).containsExactlyInAnyOrder(types.split(" "));
    for (ParsedDocument doc : docs) {
      Resource<?> resource = doc.resource();
      assertThat(Violations.of(resource)).as(resource.name()).isEmpty();
      Resource<?> again = Violations.CODEC.readResource(Violations.CODEC.toJson(resource));
      assertThat(again).as(resource.name()).isEqualTo(resource);
      Resource<?> fromYaml = Violations.CODEC.readResource(Violations.CODEC.toYaml(resource));
      assertThat(fromYaml).as(resource.name()).isEqualTo(resource);
    }
  }

  private static String read(String file) throws IOException {
    try (InputStream in = PolicyFixturesTest.class.getResourceAsStream("/policies/" + file)) {
      assertThat(in).as(file).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
