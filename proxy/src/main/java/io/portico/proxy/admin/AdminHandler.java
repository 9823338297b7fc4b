package io.portico.proxy.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.bind.ActiveConfig;
import io.portico.proxy.bind.BoundCluster;
import io.portico.proxy.bind.BoundConfig;
import io.portico.proxy.bind.BoundEndpoint;
import io.portico.proxy.config.ClusterConfig;
import io.portico.proxy.config.HttpListenerConfig;
import io.portico.proxy.config.ListenerConfig;
import io.portico.proxy.config.RuntimeConfig;
import io.portico.proxy.listener.ListenerStats;
import io.portico.proxy.upstream.EndpointKey;
import io.portico.proxy.upstream.EndpointStats;
import io.portico.proxy.upstream.UpstreamCluster;
import io.portico.proxy.upstream.UpstreamStats;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the admin endpoints; anything else is 404. Readiness only: {@code /ready} and 404 to the
 * rest (the dataplane's address, reachable from outside the host).
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REDACTED = "[redacted]";

  private final ActiveConfig active;
  private final UpstreamStats stats;
  private final ListenerStats listenerStats;
  private final boolean readinessOnly;

  AdminHandler(
      ActiveConfig active,
      UpstreamStats stats,
      ListenerStats listenerStats,
      boolean readinessOnly) {
    this.active = active;
    this.stats = stats;
    this.listenerStats = listenerStats;
    this.readinessOnly = readinessOnly;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    FullHttpResponse response;
    try {
      response = answer(request);
    } catch (RuntimeException | InvalidProtocolBufferException e) {
      log.error("admin request failed", e);
      response = text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error\n");
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    HttpUtil.setKeepAlive(response, keepAlive);
    if (keepAlive) {
      ctx.writeAndFlush(response);
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private FullHttpResponse answer(FullHttpRequest request) throws InvalidProtocolBufferException {
    if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
      return text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
    }
    String path = new QueryStringDecoder(request.uri()).path();
    BoundConfig bound = active.getOrNull();
    RuntimeConfig config = bound == null ? null : bound.config();
    if (readinessOnly && !path.equals("/ready")) {
      return text(HttpResponseStatus.NOT_FOUND, "not found\n");
    }
    return switch (path) {
      case "/ready" ->
          config == null
              ? text(HttpResponseStatus.SERVICE_UNAVAILABLE, "PRE_INITIALIZING\n")
              : text(HttpResponseStatus.OK, "LIVE\n");
      case "/config_dump" ->
          config == null
              ? text(HttpResponseStatus.SERVICE_UNAVAILABLE, "no config applied yet\n")
              : json(JsonFormat.printer().print(redact(config.source())));
      case "/clusters" -> json(clusters(bound));
      case "/listeners" -> json(listeners(config));
      default -> text(HttpResponseStatus.NOT_FOUND, "not found\n");
    };
  }

  /** The config without private keys. */
  static ProxyConfig redact(ProxyConfig config) {
    ProxyConfig.Builder builder = config.toBuilder();
    if (builder.hasIdentity() && !builder.getIdentity().getPrivateKeyPem().isEmpty()) {
      builder.getIdentityBuilder().setPrivateKeyPem(REDACTED);
    }
    for (Listener.Builder listener : builder.getListenersBuilderList()) {
      if (listener.hasTls()) {
        for (var certificate : listener.getTlsBuilder().getCertificatesBuilderList()) {
          if (!certificate.getPrivateKeyPem().isEmpty()) {
            certificate.setPrivateKeyPem(REDACTED);
          }
        }
      }
    }
    return builder.build();
  }

  private String clusters(BoundConfig config) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", config == null ? "" : config.version());
    ArrayNode clusters = root.putArray("clusters");
    if (config != null) {
      for (BoundCluster bound : config.clusters().values()) {
        ClusterConfig cluster = bound.config();
        ObjectNode node = clusters.addObject();
        node.put("name", cluster.name());
        node.put("service", cluster.service());
        node.put("protocol", cluster.protocol().name());
        node.put("connect_timeout_ms", cluster.connectTimeout().toMillis());
        UpstreamCluster state = stats.clusterOrNull(cluster.name());
        ClusterPoliciesView.describe(node, cluster, state);
        ArrayNode endpoints = node.putArray("endpoints");
        for (BoundEndpoint endpoint : bound.endpoints()) {
          EndpointStats counters =
              stats.snapshot(new EndpointKey(endpoint.address(), cluster.protocol()));
          ObjectNode e = endpoints.addObject();
          e.put("address", endpoint.host());
          e.put("port", endpoint.port());
          e.put("weight", endpoint.weight());
          e.put("health", ClusterPoliciesView.health(cluster, state, endpoint, counters));
          ClusterPoliciesView.describeEndpoint(e, cluster, state, endpoint);
          ObjectNode s = e.putObject("stats");
          s.put("rq_total", counters.requestsTotal());
          s.put("rq_active", counters.requestsActive());
          s.put("rq_error", counters.requestErrors());
          s.put("cx_total", counters.connectionsTotal());
          s.put("cx_active", counters.connectionsActive());
          s.put("cx_connect_fail", counters.connectFailures());
        }
      }
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render clusters", e);
    }
  }

  /**
   * The listeners of the config in force with their TLS settings and counters: connections, TLS
   * handshake failures, and authorization decisions (allowed, denied, shadow-denied).
   */
  private String listeners(RuntimeConfig config) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", config == null ? "" : config.version());
    ArrayNode listeners = root.putArray("listeners");
    if (config != null) {
      for (ListenerConfig listener : config.listeners()) {
        ObjectNode node = listeners.addObject();
        node.put("name", listener.name());
        node.put("address", listener.bind().host());
        node.put("port", listener.bind().port());
        node.put("protocol", listener instanceof HttpListenerConfig ? "HTTP" : "TCP");
        if (listener.tls() != null) {
          ObjectNode tls = node.putObject("tls");
          tls.put("permissive", listener.tls().isPermissive());
          tls.put("client_certificate_required", listener.tls().requiresClientCertificate());
          ArrayNode alpn = tls.putArray("alpn");
          listener.tls().alpn().forEach(alpn::add);
        }
        node.put(
            "authorization_rules",
            listener.authorization() == null ? 0 : listener.authorization().rules().size());
        ListenerStats.Counters counters = listenerStats.of(listener.name());
        ObjectNode s = node.putObject("stats");
        s.put("cx_total", counters.connectionsTotal());
        s.put("cx_active", counters.connectionsActive());
        s.put("cx_overflow", counters.connectionsOverLimit());
        s.put("ssl_handshake_error", counters.handshakeFailures());
        s.put("rbac_allowed", counters.authorizationAllowed());
        s.put("rbac_denied", counters.authorizationDenied());
        s.put("rbac_shadow_denied", counters.authorizationShadowDenied());
      }
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render listeners", e);
    }
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body) {
    return response(status, body, "text/plain; charset=utf-8");
  }

  private static FullHttpResponse json(String body) {
    return response(HttpResponseStatus.OK, body, "application/json");
  }

  private static FullHttpResponse response(
      HttpResponseStatus status, String body, String contentType) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    return response;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("admin connection failed", cause);
    ctx.close();
  }
}
