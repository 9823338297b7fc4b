package io.portico.proxy.config;

import com.google.protobuf.Duration;
import io.portico.format.IpLiteral;
import io.portico.proxy.api.v1.Authorization;
import io.portico.proxy.api.v1.AuthorizationRule;
import io.portico.proxy.api.v1.Cluster;
import io.portico.proxy.api.v1.DownstreamTls;
import io.portico.proxy.api.v1.Endpoint;
import io.portico.proxy.api.v1.Forward;
import io.portico.proxy.api.v1.HeaderMatch;
import io.portico.proxy.api.v1.HeaderValue;
import io.portico.proxy.api.v1.HttpListener;
import io.portico.proxy.api.v1.Identity;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.Mirror;
import io.portico.proxy.api.v1.Principal;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.QueryMatch;
import io.portico.proxy.api.v1.Redirect;
import io.portico.proxy.api.v1.Route;
import io.portico.proxy.api.v1.RouteMatch;
import io.portico.proxy.api.v1.TcpListener;
import io.portico.proxy.api.v1.UpstreamTls;
import io.portico.proxy.api.v1.VirtualHost;
import io.portico.proxy.api.v1.WeightedCluster;
import io.portico.proxy.routing.HeaderMatcher;
import io.portico.proxy.routing.HostTable;
import io.portico.proxy.routing.PathMatcher;
import io.portico.proxy.routing.QueryMatcher;
import io.portico.proxy.routing.RegexMatcher;
import io.portico.proxy.routing.RouteMatcher;
import io.portico.proxy.routing.RouteTable;
import io.portico.proxy.tls.CertificateChain;
import io.portico.proxy.tls.ClientTls;
import io.portico.proxy.tls.ServerTls;
import io.portico.proxy.tls.TlsContexts;
import io.portico.proxy.tls.TlsMaterialException;
import io.portico.proxy.tls.TrustAnchors;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a {@link ProxyConfig} and compiles it into a {@link RuntimeConfig}: a pure function,
 * with no I/O (endpoint host names and local addresses are the {@code bind} step's). Every problem
 * is collected as {@code path: message}, the path naming the listener, virtual host, route or
 * cluster by name (by index when it has none), e.g. {@code listeners[edge:HTTP:8080].port: must be
 * in inclusive range [0, 65535], got 70000}.
 *
 * <p>TLS material is checked here too (PEM, keys matching their certificates, chains not expired at
 * the injected clock's now) and the TLS contexts are built once per config by the {@link
 * TlsContexts} engine, so that connections only create handlers from them.
 */
public final class RuntimeConfigCompiler {
  /** Route timeout when the route has none (Envoy's route default, 15 s). */
  public static final java.time.Duration DEFAULT_ROUTE_TIMEOUT = java.time.Duration.ofSeconds(15);

  public static final java.time.Duration DEFAULT_CONNECT_TIMEOUT = java.time.Duration.ofSeconds(5);
  public static final java.time.Duration DEFAULT_UPSTREAM_IDLE_TIMEOUT =
      java.time.Duration.ofMinutes(1);
  public static final java.time.Duration DEFAULT_REQUEST_HEADERS_TIMEOUT =
      java.time.Duration.ofSeconds(10);
  public static final java.time.Duration DEFAULT_HTTP_IDLE_TIMEOUT =
      java.time.Duration.ofMinutes(5);
  public static final java.time.Duration DEFAULT_TCP_IDLE_TIMEOUT = java.time.Duration.ofHours(1);

  /** The most endpoints a TCP connection may try (as many as an HTTP route may retry). */
  static final int MAX_TCP_CONNECT_ATTEMPTS = 100;

  public static final int DEFAULT_MAX_REQUEST_HEADER_BYTES = 60 * 1024;

  /** Smallest accepted {@code max_request_header_bytes}. */
  public static final int MIN_REQUEST_HEADER_BYTES = 1024;

  private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Set<String> HOST_HEADERS = Set.of("host", ":authority");

  private final Clock clock;
  private final TlsContexts tls;

  public RuntimeConfigCompiler() {
    this(Clock.systemUTC(), TlsContexts.create(true));
  }

  /**
   * A compiler with every collaborator given.
   *
   * @param clock tells whether certificates have expired
   * @param tls builds the TLS contexts of listeners and clusters
   */
  public RuntimeConfigCompiler(Clock clock, TlsContexts tls) {
    this.clock = java.util.Objects.requireNonNull(clock, "clock");
    this.tls = java.util.Objects.requireNonNull(tls, "tls");
  }

  /** The TLS engine contexts are built with. */
  public TlsContexts tls() {
    return tls;
  }

  /**
   * The proxy's mesh identity as checked: absent, invalid (its errors already reported, so users of
   * it report nothing more), or its chain and trusted CAs.
   */
  private record IdentityMaterial(boolean isPresent, CertificateChain chain, TrustAnchors trusted) {
    static final IdentityMaterial ABSENT = new IdentityMaterial(false, null, TrustAnchors.NONE);

    boolean isValid() {
      return chain != null;
    }
  }

  /** What compiling TLS settings needs: the identity, the engine's compilation, the time. */
  private record TlsScope(
      IdentityMaterial identity, TlsContexts.Compilation contexts, Instant now) {}

  /**
   * What the bind step hands out per config, numbered here: each compiled rate limit's index in
   * {@code rateLimits} is the slot of its bucket in the binding, each weighted cluster set's index
   * in {@code weightedClusters} the slot of its round-robin.
   */
  private record Slots(List<RateLimitConfig> rateLimits, List<WeightedClusters> weightedClusters) {
    Slots() {
      this(new ArrayList<>(), new ArrayList<>());
    }
  }

  /**
   * Compiles a config.
   *
   * @throws InvalidConfigException with every problem found
   */
  public RuntimeConfig compile(ProxyConfig config) throws InvalidConfigException {
    List<String> errors = new ArrayList<>();
    Slots slots = new Slots();
    Instant now = clock.instant();
    TlsScope tlsScope = new TlsScope(compileIdentity(config, now, errors), tls.compilation(), now);
    Map<String, ClusterConfig> clusters = compileClusters(config, tlsScope, errors);

    BindAddress admin = null;
    // An admin without port leaves the runtime's admin address as it is.
    if (config.hasAdmin() && config.getAdmin().getPort() != 0) {
      String address =
          config.getAdmin().getAddress().isEmpty() ? "127.0.0.1" : config.getAdmin().getAddress();
      checkIpAddress("admin.address", address, errors);
      if (checkPort("admin.port", config.getAdmin().getPort(), true, errors)) {
        admin = BindAddress.of(address, config.getAdmin().getPort(), "admin");
      }
    }

    List<ListenerConfig> listeners = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    Map<BindAddress, String> binds = new HashMap<>();
    for (int i = 0; i < config.getListenersCount(); i++) {
      Listener listener = config.getListeners(i);
      String path = "listeners[" + label(listener.getName(), i) + "]";
      ListenerConfig compiled =
          compileListener(path, i, listener, clusters, names, binds, tlsScope, slots, errors);
      if (compiled != null) {
        listeners.add(compiled);
      }
    }
    if (admin != null && admin.port() != 0 && binds.containsKey(admin)) {
      errors.add(
          "admin.port: " + admin + " is also the address of listener \"" + binds.get(admin) + "\"");
    }
    MetricsEndpointConfig metrics = MetricsEndpointCompiler.compile(config, admin, binds, errors);
    BindAddress readiness = compileReadiness(config, admin, binds, errors);
    if (!errors.isEmpty()) {
      throw new InvalidConfigException(errors);
    }
    clusters.values().removeIf(java.util.Objects::isNull);
    return new RuntimeConfig(
        config,
        admin,
        listeners,
        clusters,
        metrics,
        readiness,
        slots.rateLimits(),
        slots.weightedClusters());
  }

  /**
   * Where {@code /ready} is also answered: {@code admin.readiness_address} on the admin port, when
   * both are set and no listener is bound there.
   */
  private static BindAddress compileReadiness(
      ProxyConfig config, BindAddress admin, Map<BindAddress, String> binds, List<String> errors) {
    String address = config.getAdmin().getReadinessAddress();
    if (address.isEmpty() || admin == null || admin.port() == 0) {
      return null;
    }
    int before = errors.size();
    checkIpAddress("admin.readiness_address", address, errors);
    if (errors.size() > before) {
      return null;
    }
    BindAddress readiness = BindAddress.of(address, admin.port(), "readiness");
    if (readiness.equals(admin)) {
      return null;
    }
    if (binds.containsKey(readiness)) {
      errors.add(
          "admin.readiness_address: "
              + readiness
              + " is also the address of listener \""
              + binds.get(readiness)
              + "\"");
      return null;
    }
    return readiness;
  }

  // ------------------------------------------------------------------------------------------
  // Clusters

  private Map<String, ClusterConfig> compileClusters(
      ProxyConfig config, TlsScope tlsScope, List<String> errors) {
    Map<String, ClusterConfig> clusters = new LinkedHashMap<>();
    for (int i = 0; i < config.getClustersCount(); i++) {
      Cluster cluster = config.getClusters(i);
      String path = "clusters[" + label(cluster.getName(), i) + "]";
      int before = errors.size();
      if (cluster.getName().isEmpty()) {
        errors.add(path + ".name: must not be empty");
      } else if (clusters.containsKey(cluster.getName())) {
        errors.add(path + ".name: duplicate cluster name \"" + cluster.getName() + "\"");
      }
      ClientTls clientTls =
          cluster.hasTls()
              ? compileUpstreamTls(path + ".tls", cluster.getTls(), tlsScope, errors)
              : null;
      UpstreamProtocol protocol =
          switch (cluster.getProtocol()) {
            case TCP -> UpstreamProtocol.TCP;
            case HTTP2 -> UpstreamProtocol.HTTP2;
            case HTTP1, UPSTREAM_PROTOCOL_UNSPECIFIED -> UpstreamProtocol.HTTP1;
            case UNRECOGNIZED -> {
              errors.add(path + ".protocol: unknown protocol " + cluster.getProtocolValue());
              yield UpstreamProtocol.HTTP1;
            }
          };
      java.time.Duration connectTimeout =
          duration(
              path + ".connect_timeout",
              cluster.hasConnectTimeout(),
              cluster.getConnectTimeout(),
              DEFAULT_CONNECT_TIMEOUT,
              errors);
      java.time.Duration idleTimeout =
          duration(
              path + ".idle_timeout",
              cluster.hasIdleTimeout(),
              cluster.getIdleTimeout(),
              DEFAULT_UPSTREAM_IDLE_TIMEOUT,
              errors);
      if (connectTimeout.isZero()) {
        connectTimeout = DEFAULT_CONNECT_TIMEOUT;
      }
      if (idleTimeout.isZero()) {
        idleTimeout = DEFAULT_UPSTREAM_IDLE_TIMEOUT;
      }
      List<EndpointConfig> endpoints = new ArrayList<>();
      for (int j = 0; j < cluster.getEndpointsCount(); j++) {
        Endpoint endpoint = cluster.getEndpoints(j);
        String endpointPath = path + ".endpoints[" + j + "]";
        boolean portOk = checkPort(endpointPath + ".port", endpoint.getPort(), false, errors);
        if (endpoint.getAddress().isEmpty()) {
          errors.add(endpointPath + ".address: must not be empty");
        } else if (portOk) {
          // A host name is resolved when the config is bound; one that does not resolve then is
          // left out of the cluster, not a reason to refuse the config.
          int weight =
              endpoint.getWeight() == 0
                  ? 1
                  : (int) Math.min(endpoint.getWeight(), Integer.MAX_VALUE);
          endpoints.add(new EndpointConfig(endpoint.getAddress(), endpoint.getPort(), weight));
        }
      }
      CircuitBreakerConfig circuitBreaker = ClusterPoliciesCompiler.circuitBreaker(cluster);
      HealthCheckConfig healthCheck =
          ClusterPoliciesCompiler.healthCheck(path + ".health_check", cluster, errors);
      OutlierDetectionConfig outlierDetection =
          ClusterPoliciesCompiler.outlierDetection(path + ".outlier_detection", cluster, errors);
      if (errors.size() == before) {
        clusters.put(
            cluster.getName(),
            new ClusterConfig(
                cluster.getName(),
                cluster.getService(),
                protocol,
                endpoints,
                connectTimeout,
                idleTimeout,
                clientTls,
                circuitBreaker,
                healthCheck,
                outlierDetection));
      } else if (!cluster.getName().isEmpty() && !clusters.containsKey(cluster.getName())) {
        // Known but invalid (already reported): references to it are not reported as unknown.
        clusters.put(cluster.getName(), null);
      }
    }
    return clusters;
  }

  // ------------------------------------------------------------------------------------------
  // Listeners

  private ListenerConfig compileListener(
      String path,
      int index,
      Listener listener,
      Map<String, ClusterConfig> clusters,
      Map<String, Integer> names,
      Map<BindAddress, String> binds,
      TlsScope tlsScope,
      Slots slots,
      List<String> errors) {
    int before = errors.size();
    if (listener.getName().isEmpty()) {
      errors.add(path + ".name: must not be empty");
    } else if (names.putIfAbsent(listener.getName(), index) != null) {
      errors.add(
          path
              + ".name: duplicate listener name \""
              + listener.getName()
              + "\" (also listeners["
              + names.get(listener.getName())
              + "])");
    }
    String address = listener.getAddress().isEmpty() ? "0.0.0.0" : listener.getAddress();
    checkIpAddress(path + ".address", address, errors);
    BindAddress bind = null;
    if (checkPort(path + ".port", listener.getPort(), true, errors)) {
      bind = BindAddress.of(address, listener.getPort(), listener.getName());
      String other = binds.putIfAbsent(bind, listener.getName());
      if (other != null) {
        errors.add(path + ".port: " + bind + " is already used by listener \"" + other + "\"");
      }
    }
    ServerTls serverTls =
        listener.hasTls()
            ? compileDownstreamTls(path + ".tls", listener.getTls(), tlsScope, errors)
            : null;
    AuthorizationMatcher authorization =
        listener.hasAuthorization()
            ? compileAuthorization(path + ".authorization", listener.getAuthorization(), errors)
            : null;
    int connectionLimit = (int) Math.min(listener.getConnectionLimit(), Integer.MAX_VALUE);
    Admission admission = new Admission(connectionLimit, serverTls, authorization);
    ListenerConfig compiled =
        switch (listener.getProtocolCase()) {
          case HTTP ->
              compileHttp(path + ".http", listener, bind, admission, clusters, slots, errors);
          case TCP -> compileTcp(path + ".tcp", listener, bind, admission, clusters, slots, errors);
          case PROTOCOL_NOT_SET -> {
            errors.add(path + ": must have a protocol (http or tcp)");
            yield null;
          }
        };
    return errors.size() == before ? compiled : null;
  }

  /** What every listener has besides its protocol: who gets in, and how. */
  private record Admission(
      int connectionLimit, ServerTls tls, AuthorizationMatcher authorization) {}

  private TcpListenerConfig compileTcp(
      String path,
      Listener listener,
      BindAddress bind,
      Admission admission,
      Map<String, ClusterConfig> clusters,
      Slots slots,
      List<String> errors) {
    TcpListener tcp = listener.getTcp();
    WeightedClusters picker =
        weightedClusters(path + ".clusters", tcp.getClustersList(), clusters, false, slots, errors);
    java.time.Duration idle =
        duration(
            path + ".idle_timeout",
            tcp.hasIdleTimeout(),
            tcp.getIdleTimeout(),
            DEFAULT_TCP_IDLE_TIMEOUT,
            errors);
    int maxConnectAttempts = tcp.getMaxConnectAttempts();
    if (maxConnectAttempts > MAX_TCP_CONNECT_ATTEMPTS) {
      errors.add(
          path
              + ".max_connect_attempts: expected at most "
              + MAX_TCP_CONNECT_ATTEMPTS
              + " but got "
              + Integer.toUnsignedString(maxConnectAttempts));
      return null;
    }
    if (bind == null || picker == null) {
      return null;
    }
    return new TcpListenerConfig(
        listener.getName(),
        bind,
        admission.connectionLimit(),
        picker,
        idle,
        admission.tls(),
        admission.authorization(),
        ListenerPolicyCompiler.accessLog(path, listener, errors),
        Math.max(1, maxConnectAttempts),
        isOutbound(listener));
  }

  private HttpListenerConfig compileHttp(
      String path,
      Listener listener,
      BindAddress bind,
      Admission admission,
      Map<String, ClusterConfig> clusters,
      Slots slots,
      List<String> errors) {
    HttpListener http = listener.getHttp();
    int before = errors.size();
    HostTable.Builder<VirtualHostConfig> hosts = HostTable.builder();
    Map<String, String> domainOwners = new HashMap<>();
    for (int i = 0; i < http.getVirtualHostsCount(); i++) {
      VirtualHost vhost = http.getVirtualHosts(i);
      String vhostPath = path + ".virtual_hosts[" + label(vhost.getName(), i) + "]";
      VirtualHostConfig compiled = compileVirtualHost(vhostPath, vhost, clusters, slots, errors);
      if (vhost.getDomainsCount() == 0) {
        errors.add(vhostPath + ".domains: must not be empty");
      }
      for (int d = 0; d < vhost.getDomainsCount(); d++) {
        String domain = vhost.getDomains(d);
        String domainPath = vhostPath + ".domains[" + d + "]";
        String key = domain.toLowerCase(Locale.ROOT);
        String owner = domainOwners.putIfAbsent(key, vhost.getName());
        if (owner != null) {
          errors.add(
              domainPath
                  + ": domain \""
                  + domain
                  + "\" is also a domain of virtual host \""
                  + owner
                  + "\"");
          continue;
        }
        try {
          HostTable.DomainKind.of(key);
          if (compiled != null) {
            hosts.add(key, compiled);
          }
        } catch (IllegalArgumentException e) {
          errors.add(domainPath + ": " + e.getMessage());
        }
      }
    }
    List<String> strip = new ArrayList<>();
    for (int i = 0; i < http.getStripRequestHeadersCount(); i++) {
      String name = http.getStripRequestHeaders(i);
      if (checkHeaderName(path + ".strip_request_headers[" + i + "]", name, errors)) {
        strip.add(name.toLowerCase(Locale.ROOT));
      }
    }
    List<Header> forwardHeaders =
        headers(path + ".forward_headers", http.getForwardHeadersList(), errors);
    java.time.Duration headersTimeout =
        duration(
            path + ".request_headers_timeout",
            http.hasRequestHeadersTimeout(),
            http.getRequestHeadersTimeout(),
            DEFAULT_REQUEST_HEADERS_TIMEOUT,
            errors);
    java.time.Duration idleTimeout =
        duration(
            path + ".idle_timeout",
            http.hasIdleTimeout(),
            http.getIdleTimeout(),
            DEFAULT_HTTP_IDLE_TIMEOUT,
            errors);
    int maxHeaderBytes =
        http.getMaxRequestHeaderBytes() == 0
            ? DEFAULT_MAX_REQUEST_HEADER_BYTES
            : (int) Math.min(http.getMaxRequestHeaderBytes(), Integer.MAX_VALUE);
    if (maxHeaderBytes < MIN_REQUEST_HEADER_BYTES) {
      errors.add(
          path
              + ".max_request_header_bytes: must be 0 (default) or at least "
              + MIN_REQUEST_HEADER_BYTES
              + ", got "
              + maxHeaderBytes);
    }
    if (errors.size() != before || bind == null) {
      return null;
    }
    return new HttpListenerConfig(
        listener.getName(),
        bind,
        admission.connectionLimit(),
        hosts.build(),
        http.getEdge(),
        http.getServerHeader(),
        strip,
        forwardHeaders,
        headersTimeout,
        idleTimeout,
        maxHeaderBytes,
        http.getEdge(),
        admission.tls(),
        admission.authorization(),
        ListenerPolicyCompiler.accessLog(path, listener, errors),
        ListenerPolicyCompiler.faults(path + ".faults", http.getFaultsList(), errors),
        TracingCompiler.tracing(path + ".tracing", listener, errors),
        isOutbound(listener));
  }

  private static boolean isOutbound(Listener listener) {
    return listener.getDirection() == io.portico.proxy.api.v1.TrafficDirection.OUTBOUND;
  }

  private VirtualHostConfig compileVirtualHost(
      String path,
      VirtualHost vhost,
      Map<String, ClusterConfig> clusters,
      Slots slots,
      List<String> errors) {
    int before = errors.size();
    RouteTable.Builder<RouteConfig> routes = RouteTable.builder();
    for (int i = 0; i < vhost.getRoutesCount(); i++) {
      Route route = vhost.getRoutes(i);
      String routePath = path + ".routes[" + label(route.getName(), i) + "]";
      RouteMatcher matcher = compileMatch(routePath + ".match", route.getMatch(), errors);
      RouteConfig compiled = compileRoute(routePath, route, clusters, slots, errors);
      if (matcher != null && compiled != null) {
        routes.add(matcher, compiled);
      }
    }
    List<Header> responseHeaders =
        headers(path + ".response_headers", vhost.getResponseHeadersList(), errors);
    if (errors.size() != before) {
      return null;
    }
    return new VirtualHostConfig(vhost.getName(), routes.build(), responseHeaders);
  }

  private RouteMatcher compileMatch(String path, RouteMatch match, List<String> errors) {
    int before = errors.size();
    PathMatcher pathMatcher =
        switch (match.getPathCase()) {
          case EXACT -> PathMatcher.exact(match.getExact());
          case PREFIX -> PathMatcher.prefix(match.getPrefix());
          case REGEX -> {
            try {
              yield PathMatcher.regex(match.getRegex());
            } catch (IllegalArgumentException e) {
              errors.add(path + ".regex: " + e.getMessage());
              yield null;
            }
          }
          case PATH_NOT_SET -> PathMatcher.any();
        };
    List<HeaderMatcher> headers = new ArrayList<>();
    for (int i = 0; i < match.getHeadersCount(); i++) {
      HeaderMatch header = match.getHeaders(i);
      String headerPath = path + ".headers[" + i + "]";
      if (!checkHeaderName(headerPath + ".name", header.getName(), errors)) {
        continue;
      }
      switch (header.getKind()) {
        case EXACT -> headers.add(new HeaderMatcher.Exact(header.getName(), header.getValue()));
        case REGEX -> {
          RegexMatcher regex = regex(headerPath + ".value", header.getValue(), errors);
          if (regex != null) {
            headers.add(new HeaderMatcher.Regex(header.getName(), regex));
          }
        }
        case PRESENT, ABSENT -> {
          if (!header.getValue().isEmpty()) {
            errors.add(headerPath + ".value: cannot be set for " + header.getKind());
          } else if (header.getKind() == HeaderMatch.Kind.PRESENT) {
            headers.add(new HeaderMatcher.Present(header.getName()));
          } else {
            headers.add(new HeaderMatcher.Absent(header.getName()));
          }
        }
        case UNRECOGNIZED ->
            errors.add(headerPath + ".kind: unknown kind " + header.getKindValue());
      }
    }
    List<QueryMatcher> query = new ArrayList<>();
    for (int i = 0; i < match.getQueryParametersCount(); i++) {
      QueryMatch parameter = match.getQueryParameters(i);
      String queryPath = path + ".query_parameters[" + i + "]";
      if (parameter.getName().isEmpty()) {
        errors.add(queryPath + ".name: must not be empty");
        continue;
      }
      switch (parameter.getKind()) {
        case EXACT -> query.add(new QueryMatcher.Exact(parameter.getName(), parameter.getValue()));
        case REGEX -> {
          RegexMatcher regex = regex(queryPath + ".value", parameter.getValue(), errors);
          if (regex != null) {
            query.add(new QueryMatcher.Regex(parameter.getName(), regex));
          }
        }
        case UNRECOGNIZED ->
            errors.add(queryPath + ".kind: unknown kind " + parameter.getKindValue());
      }
    }
    if (errors.size() != before) {
      return null;
    }
    return new RouteMatcher(pathMatcher, match.getMethod(), headers, query);
  }

  private RouteConfig compileRoute(
      String path,
      Route route,
      Map<String, ClusterConfig> clusters,
      Slots slots,
      List<String> errors) {
    int before = errors.size();
    String hostFromHeaders = "";
    HeaderMutation requestHeaders = HeaderMutation.NONE;
    if (route.hasRequestHeaders()) {
      List<Header> set = new ArrayList<>();
      for (Header header :
          headers(path + ".request_headers.set", route.getRequestHeaders().getSetList(), errors)) {
        if (HOST_HEADERS.contains(header.name().toLowerCase(Locale.ROOT))) {
          hostFromHeaders = header.value();
        } else {
          set.add(header);
        }
      }
      List<Header> add =
          headers(path + ".request_headers.add", route.getRequestHeaders().getAddList(), errors);
      for (Header header : add) {
        if (HOST_HEADERS.contains(header.name().toLowerCase(Locale.ROOT))) {
          errors.add(path + ".request_headers.add: cannot add a second \"" + header.name() + "\"");
        }
      }
      List<String> remove =
          removals(
              path + ".request_headers.remove", route.getRequestHeaders().getRemoveList(), errors);
      requestHeaders = new HeaderMutation(set, add, remove);
    }
    HeaderMutation responseHeaders = HeaderMutation.NONE;
    if (route.hasResponseHeaders()) {
      responseHeaders =
          new HeaderMutation(
              headers(
                  path + ".response_headers.set", route.getResponseHeaders().getSetList(), errors),
              headers(
                  path + ".response_headers.add", route.getResponseHeaders().getAddList(), errors),
              removals(
                  path + ".response_headers.remove",
                  route.getResponseHeaders().getRemoveList(),
                  errors));
    }
    RouteAction action =
        switch (route.getActionCase()) {
          case FORWARD ->
              compileForward(
                  path + ".forward", route.getForward(), hostFromHeaders, clusters, slots, errors);
          case REDIRECT -> compileRedirect(path + ".redirect", route.getRedirect(), errors);
          case DIRECT_RESPONSE -> {
            int status = route.getDirectResponse().getStatus();
            if (status < 200 || status > 599) {
              errors.add(
                  path
                      + ".direct_response.status: must be in inclusive range [200, 599], got "
                      + status);
            }
            yield new RouteAction.DirectResponse(
                status,
                route.getDirectResponse().getBody(),
                headers(
                    path + ".direct_response.headers",
                    route.getDirectResponse().getHeadersList(),
                    errors));
          }
          case ACTION_NOT_SET -> {
            errors.add(path + ": must have an action (forward, redirect or direct_response)");
            yield null;
          }
        };
    List<MirrorConfig> mirrors = new ArrayList<>();
    for (int i = 0; i < route.getMirrorsCount(); i++) {
      Mirror mirror = route.getMirrors(i);
      String mirrorPath = path + ".mirrors[" + i + "]";
      if (!(action instanceof RouteAction.Forward) && action != null) {
        errors.add(mirrorPath + ": mirrors are only allowed on forwarding routes");
      }
      if (!(mirror.getFraction() >= 0 && mirror.getFraction() <= 1)) {
        errors.add(
            mirrorPath
                + ".fraction: must be in inclusive range [0, 1], got "
                + mirror.getFraction());
      }
      ClusterConfig cluster =
          httpCluster(mirrorPath + ".cluster", mirror.getCluster(), clusters, errors);
      if (cluster != null) {
        mirrors.add(new MirrorConfig(cluster, mirror.getFraction()));
      }
    }
    java.time.Duration timeout = DEFAULT_ROUTE_TIMEOUT;
    RetryConfig retry = RetryConfig.NONE;
    RateLimitConfig rateLimit = null;
    if (route.hasPolicy()) {
      timeout =
          duration(
              path + ".policy.timeout",
              route.getPolicy().hasTimeout(),
              route.getPolicy().getTimeout(),
              DEFAULT_ROUTE_TIMEOUT,
              errors);
      if (route.getPolicy().hasRetry()) {
        retry =
            RoutePolicyCompiler.retry(path + ".policy.retry", route.getPolicy().getRetry(), errors);
      }
      if (route.getPolicy().hasRateLimit()) {
        rateLimit =
            RoutePolicyCompiler.rateLimit(
                path + ".policy.rate_limit",
                path,
                route.getPolicy().getRateLimit(),
                slots.rateLimits(),
                errors);
      }
    }
    if (errors.size() != before) {
      return null;
    }
    return new RouteConfig(
        route.getName(),
        action,
        requestHeaders,
        responseHeaders,
        mirrors,
        timeout,
        retry,
        rateLimit);
  }

  private RouteAction.Forward compileForward(
      String path,
      Forward forward,
      String hostFromHeaders,
      Map<String, ClusterConfig> clusters,
      Slots slots,
      List<String> errors) {
    WeightedClusters picker =
        weightedClusters(
            path + ".clusters", forward.getClustersList(), clusters, true, slots, errors);
    PathRewrite rewrite = PathRewrite.NONE;
    if (forward.hasPathRewrite()) {
      rewrite = pathRewrite(path + ".path_rewrite", forward.getPathRewrite(), errors);
    }
    int hostSettings =
        (forward.getHostRewrite().isEmpty() ? 0 : 1)
            + (forward.getHostRewriteToBackend() ? 1 : 0)
            + (hostFromHeaders.isEmpty() ? 0 : 1);
    if (hostSettings > 1) {
      errors.add(
          path
              + ": at most one of host_rewrite, host_rewrite_to_backend and a request header set of host may be given");
    }
    String hostRewrite =
        forward.getHostRewrite().isEmpty() ? hostFromHeaders : forward.getHostRewrite();
    if (picker == null) {
      return null;
    }
    return new RouteAction.Forward(picker, rewrite, hostRewrite, forward.getHostRewriteToBackend());
  }

  private RouteAction.Redirect compileRedirect(
      String path, Redirect redirect, List<String> errors) {
    if (!REDIRECT_STATUSES.contains(redirect.getStatusCode())) {
      errors.add(
          path
              + ".status_code: must be one of 301, 302, 303, 307, 308, got "
              + redirect.getStatusCode());
    }
    String scheme = redirect.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.isEmpty() && !scheme.equals("http") && !scheme.equals("https")) {
      errors.add(
          path + ".scheme: must be empty, http or https, got \"" + redirect.getScheme() + "\"");
    }
    checkPort(path + ".port", redirect.getPort(), true, errors);
    PathRewrite rewrite = PathRewrite.NONE;
    if (redirect.hasPathRewrite()) {
      rewrite = pathRewrite(path + ".path_rewrite", redirect.getPathRewrite(), errors);
    }
    return new RouteAction.Redirect(
        scheme,
        redirect.getHostname(),
        redirect.getPort(),
        redirect.getStatusCode(),
        rewrite,
        redirect.getStripQuery());
  }

  private static PathRewrite pathRewrite(
      String path, io.portico.proxy.api.v1.PathRewrite rewrite, List<String> errors) {
    return switch (rewrite.getKindCase()) {
      case FULL -> {
        if (!rewrite.getFull().startsWith("/")) {
          errors.add(path + ".full: must start with \"/\", got \"" + rewrite.getFull() + "\"");
        }
        yield new PathRewrite.Full(rewrite.getFull());
      }
      case PREFIX -> {
        if (rewrite.getPrefix().getPrefix().isEmpty()) {
          errors.add(path + ".prefix.prefix: must not be empty");
        }
        yield new PathRewrite.Prefix(
            rewrite.getPrefix().getPrefix(), rewrite.getPrefix().getReplacement());
      }
      case KIND_NOT_SET -> PathRewrite.NONE;
    };
  }

  // ------------------------------------------------------------------------------------------
  // Identity, TLS and authorization

  private static IdentityMaterial compileIdentity(
      ProxyConfig config, Instant now, List<String> errors) {
    if (!config.hasIdentity()) {
      return IdentityMaterial.ABSENT;
    }
    Identity identity = config.getIdentity();
    CertificateChain chain = null;
    try {
      chain =
          CertificateChain.parse(
              identity.getCertificateChainPem(), identity.getPrivateKeyPem(), now);
    } catch (TlsMaterialException e) {
      errors.add("identity." + e.getMessage());
    }
    TrustAnchors trusted = TrustAnchors.NONE;
    try {
      trusted = TrustAnchors.parse(identity.getTrustedCaPemList());
    } catch (TlsMaterialException e) {
      errors.add("identity.trusted_ca_pem" + e.getMessage());
      chain = null;
    }
    return new IdentityMaterial(true, chain, trusted);
  }

  private static ServerTls compileDownstreamTls(
      String path, DownstreamTls tls, TlsScope scope, List<String> errors) {
    int before = errors.size();
    IdentityMaterial identity = scope.identity();
    boolean needsIdentity = tls.getUseIdentity() || tls.getRequireClientCertificate();
    if (needsIdentity && identity.isPresent() && !identity.isValid()) {
      // The identity's own errors are reported; nothing more to say here.
      return null;
    }
    List<ServerTls.ServerChain> chains = new ArrayList<>();
    if (tls.getUseIdentity()) {
      if (tls.getCertificatesCount() > 0) {
        errors.add(
            path + ".certificates: must be empty with use_identity (the identity is the chain)");
      }
      if (!identity.isPresent()) {
        errors.add(path + ".use_identity: the config has no identity");
      } else {
        chains.add(new ServerTls.ServerChain(List.of(), identity.chain()));
      }
    } else if (tls.getCertificatesCount() == 0) {
      errors.add(path + ".certificates: must not be empty (or use_identity must be set)");
    }
    for (int i = 0; i < tls.getCertificatesCount(); i++) {
      io.portico.proxy.api.v1.ServerCertificate certificate = tls.getCertificates(i);
      String certificatePath = path + ".certificates[" + i + "]";
      boolean namesOk = true;
      for (int j = 0; j < certificate.getServerNamesCount(); j++) {
        String name = certificate.getServerNames(j);
        try {
          HostTable.DomainKind.of(name.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          errors.add(certificatePath + ".server_names[" + j + "]: " + e.getMessage());
          namesOk = false;
        }
      }
      try {
        CertificateChain chain =
            CertificateChain.parse(
                certificate.getCertificateChainPem(), certificate.getPrivateKeyPem(), scope.now());
        if (namesOk) {
          chains.add(new ServerTls.ServerChain(certificate.getServerNamesList(), chain));
        }
      } catch (TlsMaterialException e) {
        errors.add(certificatePath + "." + e.getMessage());
      }
    }
    TrustAnchors clientCas = TrustAnchors.NONE;
    try {
      clientCas = TrustAnchors.parse(tls.getClientCaPemList());
    } catch (TlsMaterialException e) {
      errors.add(path + ".client_ca_pem" + e.getMessage());
    }
    TrustAnchors clientTrust = clientCas;
    if (tls.getRequireClientCertificate()) {
      clientTrust = identity.trusted().plus(clientCas);
      if (clientTrust.isEmpty()) {
        errors.add(
            path
                + ".require_client_certificate: no CA to verify client certificates against"
                + " (the config has no identity with trusted CAs, and client_ca_pem is empty)");
      }
    }
    if (tls.getClientUriPrefixesCount() > 0 && clientTrust.isEmpty()) {
      errors.add(
          path
              + ".client_uri_prefixes: client certificates are not requested"
              + " (set require_client_certificate or client_ca_pem)");
    }
    checkNonEmpty(path + ".client_uri_prefixes", tls.getClientUriPrefixesList(), errors);
    checkAlpn(path + ".alpn", tls.getAlpnList(), errors);
    if (errors.size() != before) {
      return null;
    }
    try {
      return scope
          .contexts()
          .server(
              new ServerTls.Spec(
                  chains,
                  clientTrust,
                  tls.getClientUriPrefixesList(),
                  tls.getAlpnList(),
                  tls.getPermissive()));
    } catch (TlsMaterialException e) {
      errors.add(path + ": " + e.getMessage());
      return null;
    }
  }

  private static ClientTls compileUpstreamTls(
      String path, UpstreamTls tls, TlsScope scope, List<String> errors) {
    int before = errors.size();
    IdentityMaterial identity = scope.identity();
    boolean usesIdentity = tls.getPresentIdentity() || tls.getTrustedCaPemCount() == 0;
    if (usesIdentity && identity.isPresent() && !identity.isValid()) {
      return null;
    }
    if (!tls.getSni().isEmpty() && !ClientTls.isHostName(tls.getSni())) {
      errors.add(path + ".sni: \"" + tls.getSni() + "\" is not a host name");
    }
    CertificateChain clientCertificate = null;
    if (tls.getPresentIdentity()) {
      if (identity.isPresent()) {
        clientCertificate = identity.chain();
      } else {
        errors.add(path + ".present_identity: the config has no identity");
      }
    }
    TrustAnchors trust = identity.trusted();
    if (tls.getTrustedCaPemCount() > 0) {
      try {
        trust = TrustAnchors.parse(tls.getTrustedCaPemList());
      } catch (TlsMaterialException e) {
        errors.add(path + ".trusted_ca_pem" + e.getMessage());
      }
    }
    checkNonEmpty(path + ".expected_uris", tls.getExpectedUrisList(), errors);
    checkAlpn(path + ".alpn", tls.getAlpnList(), errors);
    if (errors.size() != before) {
      return null;
    }
    try {
      return scope
          .contexts()
          .client(
              new ClientTls.Spec(
                  tls.getSni(),
                  tls.getExpectedUrisList(),
                  tls.getAlpnList(),
                  clientCertificate,
                  trust,
                  tls.getSkipVerify()));
    } catch (TlsMaterialException e) {
      errors.add(path + ": " + e.getMessage());
      return null;
    }
  }

  private static AuthorizationMatcher compileAuthorization(
      String path, Authorization authorization, List<String> errors) {
    int before = errors.size();
    List<AuthorizationMatcher.Rule> rules = new ArrayList<>();
    for (int i = 0; i < authorization.getRulesCount(); i++) {
      AuthorizationRule rule = authorization.getRules(i);
      String rulePath = path + ".rules[" + label(rule.getName(), i) + "]";
      AuthorizationMatcher.Principal principal = null;
      if (rule.hasPrincipal()) {
        principal = compilePrincipal(rulePath + ".principal", rule.getPrincipal(), errors);
      } else {
        errors.add(rulePath + ".principal: must be set");
      }
      AuthorizationMatcher.Action action =
          switch (rule.getAction()) {
            case ALLOW -> AuthorizationMatcher.Action.ALLOW;
            case DENY -> AuthorizationMatcher.Action.DENY;
            case ALLOW_WITH_SHADOW_DENY -> AuthorizationMatcher.Action.ALLOW_WITH_SHADOW_DENY;
            case UNRECOGNIZED -> {
              errors.add(rulePath + ".action: unknown action " + rule.getActionValue());
              yield null;
            }
          };
      if (principal != null && action != null) {
        rules.add(new AuthorizationMatcher.Rule(label(rule.getName(), i), principal, action));
      }
    }
    return errors.size() == before ? new AuthorizationMatcher(rules) : null;
  }

  private static AuthorizationMatcher.Principal compilePrincipal(
      String path, Principal principal, List<String> errors) {
    int before = errors.size();
    if (principal.getAny()) {
      if (principal.getRequiredUrisCount() > 0 || principal.getNotCount() > 0) {
        errors.add(path + ".any: cannot be combined with required_uris or not");
        return null;
      }
      return AuthorizationMatcher.Principal.ANY;
    }
    if (principal.getRequiredUrisCount() == 0 && principal.getNotCount() == 0) {
      errors.add(path + ": must set any, required_uris or not");
      return null;
    }
    checkNonEmpty(path + ".required_uris", principal.getRequiredUrisList(), errors);
    List<AuthorizationMatcher.Principal> excluded = new ArrayList<>();
    for (int i = 0; i < principal.getNotCount(); i++) {
      AuthorizationMatcher.Principal inner =
          compilePrincipal(path + ".not[" + i + "]", principal.getNot(i), errors);
      if (inner != null) {
        excluded.add(inner);
      }
    }
    if (errors.size() != before) {
      return null;
    }
    return new AuthorizationMatcher.Principal(
        false, new HashSet<>(principal.getRequiredUrisList()), excluded);
  }

  private static void checkNonEmpty(String path, List<String> values, List<String> errors) {
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i).isEmpty()) {
        errors.add(path + "[" + i + "]: must not be empty");
      }
    }
  }

  /** ALPN protocol names: 1 to 255 bytes (RFC 7301 §3.1). */
  private static void checkAlpn(String path, List<String> protocols, List<String> errors) {
    for (int i = 0; i < protocols.size(); i++) {
      int length = protocols.get(i).getBytes(StandardCharsets.UTF_8).length;
      if (length == 0 || length > 255) {
        errors.add(path + "[" + i + "]: must be 1 to 255 bytes, got " + length);
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // Shared checks

  /** The weighted clusters at {@code path}, appended to the slots when valid. */
  private static WeightedClusters weightedClusters(
      String path,
      List<WeightedCluster> refs,
      Map<String, ClusterConfig> clusters,
      boolean http,
      Slots slots,
      List<String> errors) {
    int before = errors.size();
    if (http && refs.isEmpty()) {
      errors.add(path + ": must not be empty");
    }
    List<WeightedClusters.Choice> weighted = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      WeightedCluster ref = refs.get(i);
      String refPath = path + "[" + i + "]";
      ClusterConfig cluster =
          http
              ? httpCluster(refPath + ".cluster", ref.getCluster(), clusters, errors)
              : knownCluster(refPath + ".cluster", ref.getCluster(), clusters, errors);
      if (cluster != null) {
        weighted.add(new WeightedClusters.Choice(cluster.name(), ref.getWeight()));
      }
    }
    if (refs.size() > 1 && refs.stream().allMatch(r -> r.getWeight() == 0)) {
      errors.add(path + ": at least one weight must be greater than 0");
    }
    if (errors.size() != before) {
      return null;
    }
    WeightedClusters compiled =
        new WeightedClusters(slots.weightedClusters().size(), path, weighted);
    slots.weightedClusters().add(compiled);
    return compiled;
  }

  private static ClusterConfig knownCluster(
      String path, String name, Map<String, ClusterConfig> clusters, List<String> errors) {
    ClusterConfig cluster = clusters.get(name);
    if (cluster == null && !clusters.containsKey(name)) {
      errors.add(path + ": unknown cluster \"" + name + "\"");
    }
    return cluster;
  }

  private static ClusterConfig httpCluster(
      String path, String name, Map<String, ClusterConfig> clusters, List<String> errors) {
    ClusterConfig cluster = knownCluster(path, name, clusters, errors);
    if (cluster != null && cluster.protocol() == UpstreamProtocol.TCP) {
      errors.add(path + ": cluster \"" + name + "\" has protocol TCP and cannot serve HTTP routes");
      return null;
    }
    return cluster;
  }

  private static List<Header> headers(String path, List<HeaderValue> values, List<String> errors) {
    List<Header> headers = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      HeaderValue value = values.get(i);
      String name = value.getName();
      if (checkHeaderName(
          path + "[" + i + "].name", name.startsWith(":") ? name.substring(1) : name, errors)) {
        if (value.getValue().indexOf('\r') >= 0 || value.getValue().indexOf('\n') >= 0) {
          errors.add(path + "[" + i + "].value: must not contain CR or LF");
        } else {
          headers.add(new Header(name, value.getValue()));
        }
      }
    }
    return headers;
  }

  private static List<String> removals(String path, List<String> names, List<String> errors) {
    List<String> removals = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name.startsWith(":") || HOST_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        errors.add(path + "[" + i + "]: cannot remove \"" + name + "\"");
      } else if (checkHeaderName(path + "[" + i + "]", name, errors)) {
        removals.add(name);
      }
    }
    return removals;
  }

  private static boolean checkHeaderName(String path, String name, List<String> errors) {
    if (name.isEmpty()) {
      errors.add(path + ": must not be empty");
      return false;
    }
    if (!HEADER_NAME.matcher(name).matches()) {
      errors.add(path + ": \"" + name + "\" is not a valid header name");
      return false;
    }
    return true;
  }

  private static RegexMatcher regex(String path, String regex, List<String> errors) {
    try {
      return RegexMatcher.compile(regex);
    } catch (IllegalArgumentException e) {
      errors.add(path + ": " + e.getMessage());
      return null;
    }
  }

  static boolean checkPort(String path, long port, boolean zeroAllowed, List<String> errors) {
    long min = zeroAllowed ? 0 : 1;
    if (port < min || port > 65535) {
      errors.add(path + ": must be in inclusive range [" + min + ", 65535], got " + port);
      return false;
    }
    return true;
  }

  static void checkIpAddress(String path, String address, List<String> errors) {
    if (!IpLiteral.isIpLiteral(address)) {
      errors.add(path + ": must be an IP address, got \"" + address + "\"");
    }
  }

  private static java.time.Duration duration(
      String path,
      boolean isSet,
      Duration value,
      java.time.Duration fallback,
      List<String> errors) {
    if (!isSet) {
      return fallback;
    }
    if (value.getSeconds() < 0 || value.getNanos() < 0) {
      errors.add(path + ": must not be negative");
      return fallback;
    }
    return java.time.Duration.ofSeconds(value.getSeconds(), value.getNanos());
  }

  private static String label(String name, int index) {
    return name.isEmpty() ? Integer.toString(index) : name;
  }
}
