package io.portico.cp.compiler.emit;

import io.portico.cp.compiler.plan.AuthorizationPlan;
import io.portico.cp.compiler.plan.ClusterPlan;
import io.portico.cp.compiler.plan.DownstreamTlsPlan;
import io.portico.cp.compiler.plan.Header;
import io.portico.cp.compiler.plan.HeaderMutation;
import io.portico.cp.compiler.plan.HttpListenerPlan;
import io.portico.cp.compiler.plan.HttpListenerSettings;
import io.portico.cp.compiler.plan.ListenerPlan;
import io.portico.cp.compiler.plan.MatchPlan;
import io.portico.cp.compiler.plan.MetricsPlan;
import io.portico.cp.compiler.plan.MirrorPlan;
import io.portico.cp.compiler.plan.ProxyPlan;
import io.portico.cp.compiler.plan.RouteAction;
import io.portico.cp.compiler.plan.RoutePlan;
import io.portico.cp.compiler.plan.ServerCertificatePlan;
import io.portico.cp.compiler.plan.TcpListenerPlan;
import io.portico.cp.compiler.plan.VirtualHostPlan;
import io.portico.cp.compiler.plan.WeightedCluster;
import io.portico.proxy.api.v1.Admin;
import io.portico.proxy.api.v1.Authorization;
import io.portico.proxy.api.v1.AuthorizationRule;
import io.portico.proxy.api.v1.Cluster;
import io.portico.proxy.api.v1.DirectResponse;
import io.portico.proxy.api.v1.DownstreamTls;
import io.portico.proxy.api.v1.Forward;
import io.portico.proxy.api.v1.HeaderMatch;
import io.portico.proxy.api.v1.HeaderValue;
import io.portico.proxy.api.v1.HttpListener;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.MetricsAggregate;
import io.portico.proxy.api.v1.MetricsEndpoint;
import io.portico.proxy.api.v1.Mirror;
import io.portico.proxy.api.v1.PrefixRewrite;
import io.portico.proxy.api.v1.Principal;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.QueryMatch;
import io.portico.proxy.api.v1.Redirect;
import io.portico.proxy.api.v1.Route;
import io.portico.proxy.api.v1.RouteMatch;
import io.portico.proxy.api.v1.ServerCertificate;
import io.portico.proxy.api.v1.TcpListener;
import io.portico.proxy.api.v1.TrafficDirection;
import io.portico.proxy.api.v1.VirtualHost;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link ProxyPlan} as a {@link ProxyConfig}: listeners in plan order, clusters sorted by
 * name, the content hash as {@code version} ({@link ConfigVersion}). Never writes {@code identity}:
 * the control plane attaches the proxy's identity after compilation.
 */
public final class ProxyConfigEmitter {
  private ProxyConfigEmitter() {}

  /** The config of a plan, versioned. */
  public static ProxyConfig emit(ProxyPlan plan) {
    List<ClusterPlan> clusters = plan.clusters();
    Map<ClusterPlan, String> names = ClusterNames.assign(clusters);
    ProxyConfig.Builder config =
        ProxyConfig.newBuilder()
            .setMesh(plan.mesh())
            .setDataplane(plan.dataplane())
            .setAdmin(
                Admin.newBuilder()
                    .setAddress(plan.admin().address())
                    .setPort(plan.admin().port())
                    .setReadinessAddress(plan.admin().readinessAddress()));
    if (plan.metrics() != null) {
      MetricsEndpoint.Builder metrics =
          MetricsEndpoint.newBuilder()
              .setAddress(plan.metrics().address())
              .setPort(plan.metrics().port())
              .setPath(plan.metrics().path());
      for (MetricsPlan.Aggregate aggregate : plan.metrics().aggregate()) {
        metrics.addAggregate(
            MetricsAggregate.newBuilder()
                .setName(aggregate.name())
                .setAddress(aggregate.address())
                .setPort(aggregate.port())
                .setPath(aggregate.path()));
      }
      config.setMetrics(metrics);
    }
    for (ListenerPlan listener : plan.listeners()) {
      config.addListeners(
          TracingEmitter.decorate(
              ListenerPolicyEmitter.decorate(
                  listener(listener, names),
                  plan.accessLogs().get(listener.name()),
                  plan.faults().get(listener.name())),
              plan.tracing().get(listener.name()),
              plan.dataplane()));
    }
    clusters.stream()
        .map(c -> ClusterEmitter.emit(c, names.get(c)))
        .sorted(Comparator.comparing(Cluster::getName))
        .forEach(config::addClusters);
    ProxyConfig unversioned = config.build();
    return unversioned.toBuilder().setVersion(ConfigVersion.of(unversioned)).build();
  }

  private static Listener listener(ListenerPlan plan, Map<ClusterPlan, String> names) {
    Listener.Builder listener =
        Listener.newBuilder()
            .setName(plan.name())
            .setAddress(plan.address())
            .setPort(plan.port())
            .setDirection(
                switch (plan.direction()) {
                  case INBOUND -> TrafficDirection.INBOUND;
                  case OUTBOUND -> TrafficDirection.OUTBOUND;
                  case GATEWAY -> TrafficDirection.GATEWAY;
                })
            .setConnectionLimit(plan.connectionLimit());
    if (plan.tls() != null) {
      listener.setTls(tls(plan.tls()));
    }
    if (plan.authorization() != null) {
      listener.setAuthorization(authorization(plan.authorization()));
    }
    if (plan instanceof HttpListenerPlan http) {
      listener.setHttp(http(http, names));
    } else if (plan instanceof TcpListenerPlan tcp) {
      TcpListener.Builder out = TcpListener.newBuilder();
      tcp.clusters().forEach(c -> out.addClusters(weighted(c, names)));
      if (tcp.idleTimeout() != null) {
        out.setIdleTimeout(duration(tcp.idleTimeout()));
      }
      out.setMaxConnectAttempts(tcp.maxConnectAttempts());
      listener.setTcp(out);
    }
    return listener.build();
  }

  private static HttpListener http(HttpListenerPlan plan, Map<ClusterPlan, String> names) {
    HttpListenerSettings settings = plan.settings();
    HttpListener.Builder http =
        HttpListener.newBuilder()
            .setEdge(settings.edge())
            .setServerHeader(settings.serverHeader())
            .addAllStripRequestHeaders(settings.stripRequestHeaders());
    settings.forwardHeaders().forEach(h -> http.addForwardHeaders(header(h)));
    if (settings.requestHeadersTimeout() != null) {
      http.setRequestHeadersTimeout(duration(settings.requestHeadersTimeout()));
    }
    if (settings.idleTimeout() != null) {
      http.setIdleTimeout(duration(settings.idleTimeout()));
    }
    for (VirtualHostPlan host : plan.virtualHosts()) {
      VirtualHost.Builder vhost =
          VirtualHost.newBuilder().setName(host.name()).addAllDomains(host.domains());
      host.routes().forEach(r -> vhost.addRoutes(route(r, names)));
      host.responseHeaders().forEach(h -> vhost.addResponseHeaders(header(h)));
      http.addVirtualHosts(vhost);
    }
    return http.build();
  }

  private static DownstreamTls tls(DownstreamTlsPlan plan) {
    DownstreamTls.Builder tls =
        DownstreamTls.newBuilder()
            .addAllClientCaPem(plan.clientCaPems())
            .addAllAlpn(plan.alpn())
            .addAllClientUriPrefixes(plan.clientUriPrefixes())
            .setUseIdentity(plan.useIdentity())
            .setRequireClientCertificate(plan.requireClientCertificate())
            .setPermissive(plan.isPermissive());
    for (ServerCertificatePlan certificate : plan.certificates()) {
      tls.addCertificates(
          ServerCertificate.newBuilder()
              .addAllServerNames(certificate.serverNames())
              .setCertificateChainPem(certificate.chainPem())
              .setPrivateKeyPem(certificate.privateKeyPem()));
    }
    return tls.build();
  }

  private static Authorization authorization(AuthorizationPlan plan) {
    Authorization.Builder authorization = Authorization.newBuilder();
    for (AuthorizationPlan.Rule rule : plan.rules()) {
      authorization.addRules(
          AuthorizationRule.newBuilder()
              .setName(rule.name())
              .setPrincipal(principal(rule.principal()))
              .setAction(
                  switch (rule.action()) {
                    case ALLOW -> AuthorizationRule.Action.ALLOW;
                    case DENY -> AuthorizationRule.Action.DENY;
                    case ALLOW_WITH_SHADOW_DENY -> AuthorizationRule.Action.ALLOW_WITH_SHADOW_DENY;
                  }));
    }
    return authorization.build();
  }

  /**
   * A principal on the wire: {@code any} alone means every client; "everyone but" is written as its
   * exclusions alone ({@code not} without {@code any}), as the contract defines it.
   */
  private static Principal principal(AuthorizationPlan.Principal plan) {
    Principal.Builder principal =
        Principal.newBuilder()
            .addAllRequiredUris(plan.requiredUris())
            .setAny(plan.isAny() && plan.not().isEmpty());
    plan.not().forEach(n -> principal.addNot(principal(n)));
    return principal.build();
  }

  private static Route route(RoutePlan plan, Map<ClusterPlan, String> names) {
    Route.Builder route = Route.newBuilder().setName(plan.name()).setMatch(match(plan.match()));
    RouteAction action = plan.action();
    if (action instanceof RouteAction.Forward forward) {
      Forward.Builder out =
          Forward.newBuilder()
              .setHostRewrite(forward.hostRewrite())
              .setHostRewriteToBackend(forward.hostRewriteToBackend());
      forward.clusters().forEach(c -> out.addClusters(weighted(c, names)));
      if (forward.pathRewrite() != null) {
        out.setPathRewrite(pathRewrite(forward.pathRewrite()));
      }
      route.setForward(out);
    } else if (action instanceof RouteAction.Redirect redirect) {
      Redirect.Builder out =
          Redirect.newBuilder()
              .setScheme(redirect.scheme())
              .setHostname(redirect.hostname())
              .setPort(redirect.port())
              .setStatusCode(redirect.statusCode())
              .setStripQuery(redirect.stripQuery());
      if (redirect.pathRewrite() != null) {
        out.setPathRewrite(pathRewrite(redirect.pathRewrite()));
      }
      route.setRedirect(out);
    } else if (action instanceof RouteAction.DirectResponse direct) {
      route.setDirectResponse(
          DirectResponse.newBuilder().setStatus(direct.status()).setBody(direct.body()));
    }
    if (!plan.requestHeaders().isEmpty()) {
      route.setRequestHeaders(mutation(plan.requestHeaders()));
    }
    if (!plan.responseHeaders().isEmpty()) {
      route.setResponseHeaders(mutation(plan.responseHeaders()));
    }
    for (MirrorPlan mirror : plan.mirrors()) {
      route.addMirrors(
          Mirror.newBuilder()
              .setCluster(names.get(mirror.cluster()))
              .setFraction(mirror.fraction()));
    }
    RoutePolicyEmitter.emit(plan.policy()).ifPresent(route::setPolicy);
    return route.build();
  }

  private static RouteMatch match(MatchPlan plan) {
    RouteMatch.Builder match = RouteMatch.newBuilder().setMethod(plan.method());
    if (plan.path() != null) {
      switch (plan.path().kind()) {
        case EXACT -> match.setExact(plan.path().value());
        case PREFIX -> match.setPrefix(plan.path().value());
        case REGEX -> match.setRegex(plan.path().value());
      }
    }
    for (MatchPlan.HeaderCondition header : plan.headers()) {
      match.addHeaders(
          HeaderMatch.newBuilder()
              .setName(header.name())
              .setKind(
                  switch (header.kind()) {
                    case EXACT -> HeaderMatch.Kind.EXACT;
                    case REGEX -> HeaderMatch.Kind.REGEX;
                    case PRESENT -> HeaderMatch.Kind.PRESENT;
                    case ABSENT -> HeaderMatch.Kind.ABSENT;
                  })
              .setValue(header.value()));
    }
    for (MatchPlan.QueryCondition parameter : plan.queryParameters()) {
      match.addQueryParameters(
          QueryMatch.newBuilder()
              .setName(parameter.name())
              .setKind(
                  switch (parameter.kind()) {
                    case EXACT -> QueryMatch.Kind.EXACT;
                    case REGEX -> QueryMatch.Kind.REGEX;
                  })
              .setValue(parameter.value()));
    }
    return match.build();
  }

  private static io.portico.proxy.api.v1.PathRewrite pathRewrite(
      io.portico.cp.compiler.plan.PathRewrite plan) {
    io.portico.proxy.api.v1.PathRewrite.Builder out =
        io.portico.proxy.api.v1.PathRewrite.newBuilder();
    if (plan instanceof io.portico.cp.compiler.plan.PathRewrite.Full full) {
      out.setFull(full.path());
    } else if (plan instanceof io.portico.cp.compiler.plan.PathRewrite.Prefix prefix) {
      out.setPrefix(
          PrefixRewrite.newBuilder()
              .setPrefix(prefix.prefix())
              .setReplacement(prefix.replacement()));
    }
    return out.build();
  }

  private static io.portico.proxy.api.v1.HeaderMutation mutation(HeaderMutation plan) {
    io.portico.proxy.api.v1.HeaderMutation.Builder out =
        io.portico.proxy.api.v1.HeaderMutation.newBuilder();
    plan.set().forEach(h -> out.addSet(header(h)));
    plan.add().forEach(h -> out.addAdd(header(h)));
    out.addAllRemove(plan.remove());
    return out.build();
  }

  private static io.portico.proxy.api.v1.WeightedCluster weighted(
      WeightedCluster plan, Map<ClusterPlan, String> names) {
    return io.portico.proxy.api.v1.WeightedCluster.newBuilder()
        .setCluster(names.get(plan.cluster()))
        .setWeight(plan.weight())
        .build();
  }

  private static HeaderValue header(Header header) {
    return HeaderValue.newBuilder().setName(header.name()).setValue(header.value()).build();
  }

  /** A protobuf Duration of a Java one. */
  static com.google.protobuf.Duration duration(java.time.Duration duration) {
    return com.google.protobuf.Duration.newBuilder()
        .setSeconds(duration.getSeconds())
        .setNanos(duration.getNano())
        .build();
  }
}
