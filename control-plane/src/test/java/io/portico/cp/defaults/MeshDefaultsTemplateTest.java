package io.portico.cp.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The text of the default policies is Kuma 2.0's (spec/core.md §1.6), checked on the YAML itself so
 * that it holds whatever the spec records bind today.
 */
class MeshDefaultsTemplateTest {
  static Map<String, JsonNode> byType = new LinkedHashMap<>();

  @BeforeAll
  static void read() throws IOException {
    try (InputStream in = MeshDefaults.class.getResourceAsStream(MeshDefaults.TEMPLATE);
        MappingIterator<JsonNode> docs =
            new YAMLMapper().readerFor(JsonNode.class).readValues(in)) {
      while (docs.hasNextValue()) {
        JsonNode doc = docs.nextValue();
        byType.put(doc.path("type").asText(), doc);
      }
    }
  }

  @Test
  void everyDefaultSelectsEveryServiceToEveryService() {
    assertThat(byType.keySet())
        .containsExactly("TrafficPermission", "TrafficRoute", "Timeout", "CircuitBreaker", "Retry");
    byType
        .values()
        .forEach(
            doc -> {
              assertThat(doc.at("/sources/0/match/kuma.io~1service").asText()).isEqualTo("*");
              assertThat(doc.at("/destinations/0/match/kuma.io~1service").asText()).isEqualTo("*");
            });
  }

  @Test
  void trafficRouteBalancesRoundRobinToEveryService() {
    JsonNode conf = byType.get("TrafficRoute").path("conf");
    assertThat(conf.at("/destination/kuma.io~1service").asText()).isEqualTo("*");
    assertThat(conf.at("/loadBalancer/roundRobin").isObject()).isTrue();
  }

  @Test
  void timeoutHoldsKumaDefaults() {
    JsonNode conf = byType.get("Timeout").path("conf");
    assertThat(conf.path("connectTimeout").asText()).isEqualTo("5s");
    assertThat(conf.at("/tcp/idleTimeout").asText()).isEqualTo("1h");
    assertThat(conf.at("/http/idleTimeout").asText()).isEqualTo("1h");
    assertThat(conf.at("/http/requestTimeout").asText()).isEqualTo("15s");
    assertThat(conf.at("/http/streamIdleTimeout").asText()).isEqualTo("30m");
  }

  @Test
  void circuitBreakerHoldsThresholdsWithoutDetectors() {
    JsonNode conf = byType.get("CircuitBreaker").path("conf");
    assertThat(conf.at("/thresholds/maxConnections").asInt()).isEqualTo(1024);
    assertThat(conf.at("/thresholds/maxPendingRequests").asInt()).isEqualTo(1024);
    assertThat(conf.at("/thresholds/maxRequests").asInt()).isEqualTo(1024);
    assertThat(conf.at("/thresholds/maxRetries").asInt()).isEqualTo(3);
    assertThat(conf.has("detectors")).isFalse();
  }

  @Test
  void retryHoldsKumaDefaultsForHttpGrpcAndTcp() {
    JsonNode conf = byType.get("Retry").path("conf");
    for (String protocol : new String[] {"http", "grpc"}) {
      JsonNode p = conf.path(protocol);
      assertThat(p.path("numRetries").asInt()).isEqualTo(5);
      assertThat(p.path("perTryTimeout").asText()).isEqualTo("16s");
      assertThat(p.at("/backOff/baseInterval").asText()).isEqualTo("25ms");
      assertThat(p.at("/backOff/maxInterval").asText()).isEqualTo("250ms");
    }
    assertThat(conf.at("/tcp/maxConnectAttempts").asInt()).isEqualTo(5);
  }
}
