package io.portico.mesh.api.policy.targetref;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.SpecValues;
import java.util.List;

/**
 * The spec of a MeshTrace (spec/core.md §4.5): request tracing on the proxies selected by {@code
 * targetRef}. Top level only; no {@code to} or {@code from}.
 *
 * @param targetRef the proxies that trace
 * @param defaultConf the tracing ({@code default} in YAML)
 */
public record MeshTraceSpec(TargetRef targetRef, @JsonProperty("default") Conf defaultConf)
    implements ResourceSpec {

  /**
   * The tracing.
   *
   * @param backends zero or one backend
   * @param sampling sampling percentages
   * @param tags custom span tags
   */
  public record Conf(List<Backend> backends, Sampling sampling, List<Tag> tags) {
    public Conf {
      backends = SpecValues.list(backends);
      tags = SpecValues.list(tags);
    }
  }

  /**
   * Exactly one of a Zipkin and a Datadog collector.
   *
   * @param zipkin a Zipkin collector
   * @param datadog a Datadog agent
   */
  public record Backend(ZipkinBackend zipkin, DatadogBackend datadog) {}

  /**
   * A Zipkin collector.
   *
   * @param url the collector URL (required)
   * @param traceId128bit generate 128-bit trace ids
   * @param apiVersion {@code httpJson} (default) or {@code httpProto}
   * @param sharedSpanContext whether client and server spans share a context (default true)
   */
  public record ZipkinBackend(
      String url,
      boolean traceId128bit,
      String apiVersion,
      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean sharedSpanContext) {
    public ZipkinBackend {
      url = SpecValues.text(url);
      apiVersion = SpecValues.text(apiVersion);
    }
  }

  /**
   * A Datadog agent.
   *
   * @param url {@code http://host:port}, nothing else
   * @param splitService name spans per direction and destination ({@code backend_INBOUND})
   */
  public record DatadogBackend(String url, boolean splitService) {
    public DatadogBackend {
      url = SpecValues.text(url);
    }
  }

  /**
   * Sampling percentages, each 0–100 (default 100).
   *
   * @param overall upper limit on all sampling
   * @param client requests with {@code x-client-trace-id}
   * @param random requests sampled at random
   */
  public record Sampling(
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer overall,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer client,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer random) {}

  /**
   * A custom span tag: exactly one of a literal value and a request header.
   *
   * @param name the tag name (required)
   * @param literal a fixed value
   * @param header a value from a request header
   */
  public record Tag(String name, String literal, HeaderTag header) {
    public Tag {
      name = SpecValues.text(name);
      literal = SpecValues.text(literal);
    }
  }

  /**
   * A tag value from a request header.
   *
   * @param name the header (required)
   * @param defaultValue the value when the header is missing ({@code default} in YAML)
   */
  public record HeaderTag(String name, @JsonProperty("default") String defaultValue) {
    public HeaderTag {
      name = SpecValues.text(name);
      defaultValue = SpecValues.text(defaultValue);
    }
  }
}
