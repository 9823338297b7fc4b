package io.portico.mesh.api.types;

import io.portico.mesh.api.ResourceType;
import io.portico.mesh.api.Scope;
import io.portico.mesh.api.SpecShape;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.dataplane.DataplaneValidator;
import io.portico.mesh.api.gateway.MeshGatewayInstanceSpec;
import io.portico.mesh.api.gateway.MeshGatewayInstanceValidator;
import io.portico.mesh.api.gateway.MeshGatewayRouteSpec;
import io.portico.mesh.api.gateway.MeshGatewayRouteValidator;
import io.portico.mesh.api.gateway.MeshGatewaySpec;
import io.portico.mesh.api.gateway.MeshGatewayValidator;
import io.portico.mesh.api.insight.DataplaneInsightSpec;
import io.portico.mesh.api.insight.DataplaneInsightValidator;
import io.portico.mesh.api.mesh.MeshSpec;
import io.portico.mesh.api.mesh.MeshValidator;
import io.portico.mesh.api.policy.CircuitBreakerSpec;
import io.portico.mesh.api.policy.CircuitBreakerValidator;
import io.portico.mesh.api.policy.ExternalServiceSpec;
import io.portico.mesh.api.policy.ExternalServiceValidator;
import io.portico.mesh.api.policy.FaultInjectionSpec;
import io.portico.mesh.api.policy.FaultInjectionValidator;
import io.portico.mesh.api.policy.HealthCheckSpec;
import io.portico.mesh.api.policy.HealthCheckValidator;
import io.portico.mesh.api.policy.ProxyTemplateSpec;
import io.portico.mesh.api.policy.ProxyTemplateValidator;
import io.portico.mesh.api.policy.RateLimitSpec;
import io.portico.mesh.api.policy.RateLimitValidator;
import io.portico.mesh.api.policy.RetrySpec;
import io.portico.mesh.api.policy.RetryValidator;
import io.portico.mesh.api.policy.TimeoutSpec;
import io.portico.mesh.api.policy.TimeoutValidator;
import io.portico.mesh.api.policy.TrafficLogSpec;
import io.portico.mesh.api.policy.TrafficLogValidator;
import io.portico.mesh.api.policy.TrafficPermissionSpec;
import io.portico.mesh.api.policy.TrafficPermissionValidator;
import io.portico.mesh.api.policy.TrafficRouteSpec;
import io.portico.mesh.api.policy.TrafficRouteValidator;
import io.portico.mesh.api.policy.TrafficTraceSpec;
import io.portico.mesh.api.policy.TrafficTraceValidator;
import io.portico.mesh.api.policy.VirtualOutboundSpec;
import io.portico.mesh.api.policy.VirtualOutboundValidator;
import io.portico.mesh.api.policy.targetref.MeshAccessLogSpec;
import io.portico.mesh.api.policy.targetref.MeshAccessLogValidator;
import io.portico.mesh.api.policy.targetref.MeshTraceSpec;
import io.portico.mesh.api.policy.targetref.MeshTraceValidator;
import io.portico.mesh.api.policy.targetref.MeshTrafficPermissionSpec;
import io.portico.mesh.api.policy.targetref.MeshTrafficPermissionValidator;
import io.portico.mesh.api.secret.GlobalSecretSpec;
import io.portico.mesh.api.secret.GlobalSecretValidator;
import io.portico.mesh.api.secret.SecretSpec;
import io.portico.mesh.api.secret.SecretValidator;
import io.portico.mesh.api.zone.ZoneEgressSpec;
import io.portico.mesh.api.zone.ZoneEgressValidator;
import io.portico.mesh.api.zone.ZoneIngressSpec;
import io.portico.mesh.api.zone.ZoneIngressValidator;
import io.portico.mesh.api.zone.ZoneSpec;
import io.portico.mesh.api.zone.ZoneValidator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every resource type Portico knows, with lookups by type name, REST plural and CLI name
 * (spec/core.md §5.1). Immutable.
 */
public final class ResourceTypes {
  public static final ResourceType<MeshSpec> MESH =
      new ResourceType<>(
          "Mesh",
          "meshes",
          "mesh",
          "meshes",
          Scope.GLOBAL,
          SpecShape.INLINE,
          MeshSpec.class,
          new MeshValidator(),
          false);
  public static final ResourceType<DataplaneSpec> DATAPLANE =
      new ResourceType<>(
          "Dataplane",
          "dataplanes",
          "dataplane",
          "dataplanes",
          Scope.MESH,
          SpecShape.INLINE,
          DataplaneSpec.class,
          new DataplaneValidator(),
          false);

  /** Written by the control plane only: read-only through the API (spec/core.md §5.1, §5.3). */
  public static final ResourceType<DataplaneInsightSpec> DATAPLANE_INSIGHT =
      new ResourceType<>(
          "DataplaneInsight",
          "dataplane-insights",
          "dataplane-insight",
          "dataplane-insights",
          Scope.MESH,
          SpecShape.INLINE,
          DataplaneInsightSpec.class,
          new DataplaneInsightValidator(),
          false);

  public static final ResourceType<ExternalServiceSpec> EXTERNAL_SERVICE =
      new ResourceType<>(
          "ExternalService",
          "external-services",
          "external-service",
          "external-services",
          Scope.MESH,
          SpecShape.INLINE,
          ExternalServiceSpec.class,
          new ExternalServiceValidator(),
          false);
  public static final ResourceType<MeshGatewaySpec> MESH_GATEWAY =
      new ResourceType<>(
          "MeshGateway",
          "meshgateways",
          "meshgateway",
          "meshgateways",
          Scope.MESH,
          SpecShape.INLINE,
          MeshGatewaySpec.class,
          new MeshGatewayValidator(),
          false);
  public static final ResourceType<MeshGatewayRouteSpec> MESH_GATEWAY_ROUTE =
      new ResourceType<>(
          "MeshGatewayRoute",
          "meshgatewayroutes",
          "meshgatewayroute",
          "meshgatewayroutes",
          Scope.MESH,
          SpecShape.INLINE,
          MeshGatewayRouteSpec.class,
          new MeshGatewayRouteValidator(),
          false);
  public static final ResourceType<MeshGatewayInstanceSpec> MESH_GATEWAY_INSTANCE =
      new ResourceType<>(
          "MeshGatewayInstance",
          "meshgatewayinstances",
          "meshgatewayinstance",
          "meshgatewayinstances",
          Scope.MESH,
          SpecShape.INLINE,
          MeshGatewayInstanceSpec.class,
          new MeshGatewayInstanceValidator(),
          false);
  public static final ResourceType<TrafficPermissionSpec> TRAFFIC_PERMISSION =
      new ResourceType<>(
          "TrafficPermission",
          "traffic-permissions",
          "traffic-permission",
          "traffic-permissions",
          Scope.MESH,
          SpecShape.INLINE,
          TrafficPermissionSpec.class,
          new TrafficPermissionValidator(),
          false);
  public static final ResourceType<TrafficRouteSpec> TRAFFIC_ROUTE =
      new ResourceType<>(
          "TrafficRoute",
          "traffic-routes",
          "traffic-route",
          "traffic-routes",
          Scope.MESH,
          SpecShape.INLINE,
          TrafficRouteSpec.class,
          new TrafficRouteValidator(),
          false);
  public static final ResourceType<TimeoutSpec> TIMEOUT =
      new ResourceType<>(
          "Timeout",
          "timeouts",
          "timeout",
          "timeouts",
          Scope.MESH,
          SpecShape.INLINE,
          TimeoutSpec.class,
          new TimeoutValidator(),
          false);
  public static final ResourceType<RetrySpec> RETRY =
      new ResourceType<>(
          "Retry",
          "retries",
          "retry",
          "retries",
          Scope.MESH,
          SpecShape.INLINE,
          RetrySpec.class,
          new RetryValidator(),
          false);
  public static final ResourceType<CircuitBreakerSpec> CIRCUIT_BREAKER =
      new ResourceType<>(
          "CircuitBreaker",
          "circuit-breakers",
          "circuit-breaker",
          "circuit-breakers",
          Scope.MESH,
          SpecShape.INLINE,
          CircuitBreakerSpec.class,
          new CircuitBreakerValidator(),
          false);
  public static final ResourceType<HealthCheckSpec> HEALTH_CHECK =
      new ResourceType<>(
          "HealthCheck",
          "health-checks",
          "healthcheck",
          "healthchecks",
          Scope.MESH,
          SpecShape.INLINE,
          HealthCheckSpec.class,
          new HealthCheckValidator(),
          false);
  public static final ResourceType<FaultInjectionSpec> FAULT_INJECTION =
      new ResourceType<>(
          "FaultInjection",
          "fault-injections",
          "fault-injection",
          "fault-injections",
          Scope.MESH,
          SpecShape.INLINE,
          FaultInjectionSpec.class,
          new FaultInjectionValidator(),
          false);
  public static final ResourceType<RateLimitSpec> RATE_LIMIT =
      new ResourceType<>(
          "RateLimit",
          "rate-limits",
          "rate-limit",
          "rate-limits",
          Scope.MESH,
          SpecShape.INLINE,
          RateLimitSpec.class,
          new RateLimitValidator(),
          false);
  public static final ResourceType<TrafficLogSpec> TRAFFIC_LOG =
      new ResourceType<>(
          "TrafficLog",
          "traffic-logs",
          "traffic-log",
          "traffic-logs",
          Scope.MESH,
          SpecShape.INLINE,
          TrafficLogSpec.class,
          new TrafficLogValidator(),
          false);
  public static final ResourceType<TrafficTraceSpec> TRAFFIC_TRACE =
      new ResourceType<>(
          "TrafficTrace",
          "traffic-traces",
          "traffic-trace",
          "traffic-traces",
          Scope.MESH,
          SpecShape.INLINE,
          TrafficTraceSpec.class,
          new TrafficTraceValidator(),
          false);
  public static final ResourceType<ProxyTemplateSpec> PROXY_TEMPLATE =
      new ResourceType<>(
          "ProxyTemplate",
          "proxytemplates",
          "proxytemplate",
          "proxytemplates",
          Scope.MESH,
          SpecShape.INLINE,
          ProxyTemplateSpec.class,
          new ProxyTemplateValidator(),
          false);
  public static final ResourceType<VirtualOutboundSpec> VIRTUAL_OUTBOUND =
      new ResourceType<>(
          "VirtualOutbound",
          "virtual-outbounds",
          "virtual-outbound",
          "virtual-outbounds",
          Scope.MESH,
          SpecShape.INLINE,
          VirtualOutboundSpec.class,
          new VirtualOutboundValidator(),
          false);
  public static final ResourceType<MeshTrafficPermissionSpec> MESH_TRAFFIC_PERMISSION =
      new ResourceType<>(
          "MeshTrafficPermission",
          "meshtrafficpermissions",
          "meshtrafficpermission",
          "meshtrafficpermissions",
          Scope.MESH,
          SpecShape.NESTED,
          MeshTrafficPermissionSpec.class,
          new MeshTrafficPermissionValidator(),
          false);
  public static final ResourceType<MeshAccessLogSpec> MESH_ACCESS_LOG =
      new ResourceType<>(
          "MeshAccessLog",
          "meshaccesslogs",
          "meshaccesslog",
          "meshaccesslogs",
          Scope.MESH,
          SpecShape.NESTED,
          MeshAccessLogSpec.class,
          new MeshAccessLogValidator(),
          false);
  public static final ResourceType<MeshTraceSpec> MESH_TRACE =
      new ResourceType<>(
          "MeshTrace",
          "meshtraces",
          "meshtrace",
          "meshtraces",
          Scope.MESH,
          SpecShape.NESTED,
          MeshTraceSpec.class,
          new MeshTraceValidator(),
          false);
  public static final ResourceType<SecretSpec> SECRET =
      new ResourceType<>(
          "Secret",
          "secrets",
          "secret",
          "secrets",
          Scope.MESH,
          SpecShape.INLINE,
          SecretSpec.class,
          new SecretValidator(),
          true);
  public static final ResourceType<GlobalSecretSpec> GLOBAL_SECRET =
      new ResourceType<>(
          "GlobalSecret",
          "global-secrets",
          "global-secret",
          "global-secrets",
          Scope.GLOBAL,
          SpecShape.INLINE,
          GlobalSecretSpec.class,
          new GlobalSecretValidator(),
          true);
  public static final ResourceType<ZoneSpec> ZONE =
      new ResourceType<>(
          "Zone",
          "zones",
          "zone",
          "zones",
          Scope.GLOBAL,
          SpecShape.INLINE,
          ZoneSpec.class,
          new ZoneValidator(),
          false);
  public static final ResourceType<ZoneIngressSpec> ZONE_INGRESS =
      new ResourceType<>(
          "ZoneIngress",
          "zone-ingresses",
          "zone-ingress",
          "zone-ingresses",
          Scope.GLOBAL,
          SpecShape.INLINE,
          ZoneIngressSpec.class,
          new ZoneIngressValidator(),
          false);
  public static final ResourceType<ZoneEgressSpec> ZONE_EGRESS =
      new ResourceType<>(
          "ZoneEgress",
          "zoneegresses",
          "zoneegress",
          "zoneegresses",
          Scope.GLOBAL,
          SpecShape.INLINE,
          ZoneEgressSpec.class,
          new ZoneEgressValidator(),
          false);

  private static final ResourceTypes STANDARD =
      new ResourceTypes(
          List.of(
              MESH,
              DATAPLANE,
              DATAPLANE_INSIGHT,
              EXTERNAL_SERVICE,
              MESH_GATEWAY,
              MESH_GATEWAY_ROUTE,
              MESH_GATEWAY_INSTANCE,
              TRAFFIC_PERMISSION,
              TRAFFIC_ROUTE,
              TIMEOUT,
              RETRY,
              CIRCUIT_BREAKER,
              HEALTH_CHECK,
              FAULT_INJECTION,
              RATE_LIMIT,
              TRAFFIC_LOG,
              TRAFFIC_TRACE,
              PROXY_TEMPLATE,
              VIRTUAL_OUTBOUND,
              MESH_TRAFFIC_PERMISSION,
              MESH_ACCESS_LOG,
              MESH_TRACE,
              SECRET,
              GLOBAL_SECRET,
              ZONE,
              ZONE_INGRESS,
              ZONE_EGRESS));

  /**
   * Types that only the control plane writes: the API answers PUT and DELETE with 405 (spec/core.md
   * §5.3).
   */
  private static final Set<String> READ_ONLY = Set.of(DATAPLANE_INSIGHT.name());

  private final List<ResourceType<?>> all;
  private final Map<String, ResourceType<?>> byName = new LinkedHashMap<>();
  private final Map<String, ResourceType<?>> byPlural = new LinkedHashMap<>();
  private final Map<String, ResourceType<?>> byCliName = new LinkedHashMap<>();

  public ResourceTypes(List<ResourceType<?>> types) {
    this.all = List.copyOf(types);
    for (ResourceType<?> t : all) {
      byName.put(t.name(), t);
      byPlural.put(t.plural(), t);
      byCliName.put(t.cliSingular(), t);
      byCliName.put(t.cliPlural(), t);
      byCliName.put(t.name().toLowerCase(Locale.ROOT), t);
      byCliName.put(t.plural(), t);
    }
  }

  /** Every type Portico knows. */
  public static ResourceTypes standard() {
    return STANDARD;
  }

  public List<ResourceType<?>> all() {
    return all;
  }

  /** By type name as in {@code type:} or {@code kind:} ({@code MeshGateway}). */
  public Optional<ResourceType<?>> byName(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** By REST path segment ({@code meshgateways}, {@code traffic-permissions}). */
  public Optional<ResourceType<?>> byPlural(String plural) {
    return Optional.ofNullable(byPlural.get(plural));
  }

  /** Whether only the control plane writes resources of this type (insights). */
  public boolean isReadOnly(ResourceType<?> type) {
    return READ_ONLY.contains(type.name());
  }

  /** By a CLI name, singular or plural ({@code meshgateway}, {@code retries}). */
  public Optional<ResourceType<?>> byCliName(String cliName) {
    return Optional.ofNullable(byCliName.get(cliName.toLowerCase(Locale.ROOT)));
  }
}
