package io.portico.mesh.api.mesh;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.SpecValues;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The spec of a Mesh (Kuma {@code mesh.v1alpha1.Mesh}, spec/core.md §1.1): mTLS, observability
 * backends, outbound passthrough, routing options and dataplane membership constraints.
 *
 * <p>Absent sections are null; plugin-specific backend {@code conf} blocks are kept as JSON trees
 * (protobuf {@code Struct}) and validated per backend type by {@link MeshValidator}.
 *
 * @param mtls the certificate authorities; mTLS is on when {@code enabledBackend} is set
 * @param tracing tracing backends referenced by TrafficTrace
 * @param logging logging backends referenced by TrafficLog
 * @param metrics the Prometheus backends every dataplane exposes
 * @param networking outbound passthrough
 * @param routing locality-aware load balancing and zone egress
 * @param constraints which dataplanes may join the mesh (spec/core.md §2.7)
 */
public record MeshSpec(
    Mtls mtls,
    Tracing tracing,
    Logging logging,
    Metrics metrics,
    Networking networking,
    Routing routing,
    Constraints constraints)
    implements ResourceSpec {

  /** An empty mesh: no mTLS, no backends, defaults everywhere. */
  public static MeshSpec empty() {
    return new MeshSpec(null, null, null, null, null, null, null);
  }

  /** Whether mTLS is on: {@code mtls.enabledBackend} names a backend (spec/core.md §1.1). */
  @JsonIgnore
  public boolean isMtlsEnabled() {
    return mtls != null && !mtls.enabledBackend().isEmpty();
  }

  /** The certificate authority in use, when mTLS is on and the backend exists. */
  public Optional<CertificateAuthorityBackend> enabledCaBackend() {
    if (!isMtlsEnabled()) {
      return Optional.empty();
    }
    return mtls.backends().stream().filter(b -> b.name().equals(mtls.enabledBackend())).findFirst();
  }

  /** Whether cross-zone and external-service traffic goes through a zone egress. */
  @JsonIgnore
  public boolean isZoneEgressEnabled() {
    return routing != null && routing.zoneEgress();
  }

  /**
   * mTLS settings.
   *
   * @param enabledBackend the name of the backend issuing certificates; empty = mTLS off
   * @param backends the certificate authorities; Kong Mesh allows several so that a CA can be
   *     rotated (dataplanes trust all of them)
   */
  public record Mtls(String enabledBackend, List<CertificateAuthorityBackend> backends) {
    public Mtls {
      enabledBackend = SpecValues.text(enabledBackend);
      backends = SpecValues.list(backends);
    }
  }

  /**
   * One certificate authority (spec/core.md §1.2).
   *
   * @param name unique within the mesh
   * @param type the CA plugin: {@code builtin} or {@code provided}
   * @param mode STRICT (default) or PERMISSIVE inbound mTLS
   * @param dpCert dataplane certificate settings
   * @param rootChain root chain fetching settings
   * @param conf plugin-specific configuration; null when absent
   */
  public record CertificateAuthorityBackend(
      String name, String type, Mode mode, DpCert dpCert, RootChain rootChain, JsonNode conf) {
    public CertificateAuthorityBackend {
      name = SpecValues.text(name);
      type = SpecValues.text(type);
      mode = mode == null ? Mode.STRICT : mode;
      conf = Structs.copy(conf);
    }

    @Override
    public JsonNode conf() {
      return Structs.copy(conf);
    }
  }

  /** Whether inbound traffic must be mTLS (STRICT) or may also be plaintext (PERMISSIVE). */
  public enum Mode {
    STRICT,
    PERMISSIVE
  }

  /**
   * Dataplane certificate settings.
   *
   * @param rotation the certificate lifetime
   * @param requestTimeout timeout when asking the CA for a certificate
   */
  public record DpCert(Rotation rotation, Duration requestTimeout) {}

  /**
   * @param expiration the lifetime of every dataplane certificate as a Kuma duration string ({@code
   *     1d}); empty = 24 h
   */
  public record Rotation(String expiration) {
    public Rotation {
      expiration = SpecValues.text(expiration);
    }
  }

  /**
   * @param requestTimeout timeout when fetching the root chain
   */
  public record RootChain(Duration requestTimeout) {}

  /**
   * Tracing backends (spec/core.md §1.3).
   *
   * @param defaultBackend the backend a TrafficTrace without one uses
   * @param backends the backends
   */
  public record Tracing(String defaultBackend, List<TracingBackend> backends) {
    public Tracing {
      defaultBackend = SpecValues.text(defaultBackend);
      backends = SpecValues.list(backends);
    }
  }

  /**
   * @param name unique name
   * @param sampling percentage of traced requests, 0-100; null = 100
   * @param type {@code zipkin} or {@code datadog}
   * @param conf type-specific configuration; null when absent
   */
  public record TracingBackend(
      String name,
      @JsonInclude(JsonInclude.Include.NON_NULL) Double sampling,
      String type,
      JsonNode conf) {
    public TracingBackend {
      name = SpecValues.text(name);
      type = SpecValues.text(type);
      conf = Structs.copy(conf);
    }

    @Override
    public JsonNode conf() {
      return Structs.copy(conf);
    }
  }

  /**
   * Logging backends (spec/core.md §1.3).
   *
   * @param defaultBackend the backend a TrafficLog without one uses
   * @param backends the backends
   */
  public record Logging(String defaultBackend, List<LoggingBackend> backends) {
    public Logging {
      defaultBackend = SpecValues.text(defaultBackend);
      backends = SpecValues.list(backends);
    }
  }

  /**
   * @param name unique name
   * @param format access-log format string; empty = the built-in default
   * @param type {@code file} or {@code tcp}
   * @param conf type-specific configuration; null when absent
   */
  public record LoggingBackend(String name, String format, String type, JsonNode conf) {
    public LoggingBackend {
      name = SpecValues.text(name);
      format = SpecValues.text(format);
      type = SpecValues.text(type);
      conf = Structs.copy(conf);
    }

    @Override
    public JsonNode conf() {
      return Structs.copy(conf);
    }
  }

  /**
   * Metrics backends (spec/core.md §1.3).
   *
   * @param enabledBackend the backend every dataplane exposes
   * @param backends the backends
   */
  public record Metrics(String enabledBackend, List<MetricsBackend> backends) {
    public Metrics {
      enabledBackend = SpecValues.text(enabledBackend);
      backends = SpecValues.list(backends);
    }
  }

  /**
   * A metrics backend; also the shape of a Dataplane's own {@code metrics} override.
   *
   * @param name unique name
   * @param type must be {@code prometheus}
   * @param conf Prometheus settings (port, path, tags, skipMTLS, aggregate, envoy); null when
   *     absent
   */
  public record MetricsBackend(String name, String type, JsonNode conf) {
    public MetricsBackend {
      name = SpecValues.text(name);
      type = SpecValues.text(type);
      conf = Structs.copy(conf);
    }

    @Override
    public JsonNode conf() {
      return Structs.copy(conf);
    }
  }

  /**
   * @param outbound outbound traffic settings
   */
  public record Networking(Outbound outbound) {}

  /**
   * @param passthrough whether transparent-proxied dataplanes may reach non-mesh destinations; null
   *     = true
   */
  public record Outbound(@JsonInclude(JsonInclude.Include.NON_NULL) Boolean passthrough) {}

  /**
   * @param localityAwareLoadBalancing prefer endpoints in the same zone
   * @param zoneEgress route cross-zone and external traffic through a zone egress; needs mTLS
   */
  public record Routing(boolean localityAwareLoadBalancing, boolean zoneEgress) {}

  /**
   * @param dataplaneProxy membership rules for dataplanes
   */
  public record Constraints(DataplaneProxyConstraints dataplaneProxy) {}

  /**
   * Which dataplanes may join the mesh (spec/core.md §2.7): each tag set of a dataplane must match
   * one requirement (when there are any) and no restriction.
   *
   * @param requirements allowed tag sets; empty = everything allowed
   * @param restrictions denied tag sets; they win over requirements
   */
  public record DataplaneProxyConstraints(List<Rules> requirements, List<Rules> restrictions) {
    public DataplaneProxyConstraints {
      requirements = SpecValues.list(requirements);
      restrictions = SpecValues.list(restrictions);
    }
  }

  /**
   * @param tags a selector: {@code *} stands for any non-empty value
   */
  public record Rules(Map<String, String> tags) {
    public Rules {
      tags = SpecValues.tags(tags);
    }
  }
}
