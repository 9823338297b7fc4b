package io.portico.cp.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.portico.cp.auth.AccessRules;
import io.portico.cp.auth.Authenticator;
import io.portico.cp.auth.User;
import io.portico.cp.auth.UserTokens;
import io.portico.cp.config.CpConfig;
import io.portico.cp.dptoken.DataplaneTokens;
import io.portico.cp.insight.DataplaneInsights;
import io.portico.cp.store.manager.ResourceManager;
import io.portico.cp.tls.ServerCertificate;
import io.portico.mesh.api.codec.ResourceCodec;
import io.portico.mesh.api.validation.Violation;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API server: one Javalin application on an HTTP and an HTTPS connector (spec/core.md §5,
 * ports {@code apiServer.http.port} and {@code apiServer.https.port}; port 0 picks a free port,
 * {@link #httpPort()} tells which).
 */
public final class ApiServer implements AutoCloseable {
  static final String USER_ATTRIBUTE = "portico.user";
  static final String TITLE_ATTRIBUTE = "portico.title";
  private static final String CONNECTOR_HTTP = "http";
  private static final String CONNECTOR_HTTPS = "https";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private final Javalin app;
  private final AtomicBoolean isServing = new AtomicBoolean();

  /**
   * Everything the API serves.
   *
   * @param config the {@code apiServer} section
   * @param certificate the HTTPS certificate, or null when HTTPS is off
   * @param manager the write path in front of the store
   * @param codec the resource codec (Universal JSON)
   * @param authenticator who is calling
   * @param access what callers may do
   * @param userTokens issues user tokens
   * @param dataplaneTokens issues dataplane tokens
   * @param insights the dataplane insights of the overviews
   * @param identity the index ({@code GET /})
   * @param effectiveConfigJson the body of {@code GET /config}
   */
  public record Settings(
      CpConfig.ApiServer config,
      ServerCertificate certificate,
      ResourceManager manager,
      ResourceCodec codec,
      Authenticator authenticator,
      AccessRules access,
      UserTokens userTokens,
      DataplaneTokens dataplaneTokens,
      DataplaneInsights insights,
      ServerIdentity identity,
      String effectiveConfigJson) {
    public Settings {
      Objects.requireNonNull(config, "config");
      if (config.https().enabled()) {
        Objects.requireNonNull(certificate, "certificate (HTTPS is enabled)");
      }
    }
  }

  private ApiServer(Javalin app) {
    this.app = app;
  }

  /**
   * Binds the enabled listeners and starts serving.
   *
   * @throws IllegalArgumentException when neither HTTP nor HTTPS is enabled
   */
  public static ApiServer start(Settings s) {
    CpConfig.ApiServer config = s.config();
    if (!config.http().enabled() && !config.https().enabled()) {
      throw new IllegalArgumentException(
          "apiServer.http.enabled and apiServer.https.enabled are both false: enable at least one");
    }
    RequestBody body = new RequestBody(config.maxRequestBodyBytes());
    ResourceEndpoints resources =
        new ResourceEndpoints(s.manager(), s.codec(), s.access(), body, config.isReadOnly());
    TokenEndpoints tokens =
        new TokenEndpoints(s.access(), s.userTokens(), s.dataplaneTokens(), body);
    OverviewEndpoints overviews = new OverviewEndpoints(s.manager(), s.codec(), s.access());
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.startupWatcherEnabled = false;
              cfg.http.maxRequestSize = config.maxRequestBodyBytes();
              cfg.jetty.threadPool = threadPool();
              cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
              cfg.jetty.modifyServletContextHandler(
                  handler -> handler.setErrorHandler(new JsonErrorHandler()));
              if (config.http().enabled()) {
                cfg.jetty.addConnector(
                    (server, http) -> connector(server, http, config.http(), null));
              }
              if (config.https().enabled()) {
                cfg.jetty.addConnector(
                    (server, http) -> connector(server, http, config.https(), s.certificate()));
              }
            });
    app.before(
        ctx -> {
          RequestTarget.check(
              ctx.req().getMethod(), ctx.req().getRequestURI(), ctx.req().getQueryString());
          ctx.attribute(
              USER_ATTRIBUTE,
              s.authenticator()
                  .authenticate(ctx.req().getRemoteAddr(), ctx.header("Authorization")));
        });
    app.get("/", ctx -> json(ctx, 200, index(s.identity())));
    app.get(
        "/config",
        ctx ->
            ctx.contentType("application/json")
                .result(s.effectiveConfigJson().getBytes(StandardCharsets.UTF_8)));
    app.get(
        "/policies",
        ctx -> json(ctx, 200, PolicyCatalog.toTree(s.manager().types(), config.isReadOnly())));
    app.post("/tokens/user", tokens::issueUserToken);
    app.post("/tokens/dataplane", tokens::issueDataplaneToken);
    app.post("/tokens", tokens::issueDataplaneToken);
    app.get("/dataplanes+insights", ctx -> overviews.list(ctx, null));
    app.get(
        "/meshes/{mesh}/dataplanes+insights", ctx -> overviews.list(ctx, ctx.pathParam("mesh")));
    app.get(
        "/meshes/{mesh}/dataplanes+insights/{name}",
        ctx -> overviews.get(ctx, ctx.pathParam("mesh"), ctx.pathParam("name")));
    app.get(
        "/meshes/{mesh}/{plural}",
        ctx -> resources.list(ctx, ctx.pathParam("plural"), ctx.pathParam("mesh")));
    app.get(
        "/meshes/{mesh}/{plural}/{name}",
        ctx ->
            resources.get(
                ctx, ctx.pathParam("plural"), ctx.pathParam("mesh"), ctx.pathParam("name")));
    app.put(
        "/meshes/{mesh}/{plural}/{name}",
        ctx ->
            resources.put(
                ctx, ctx.pathParam("plural"), ctx.pathParam("mesh"), ctx.pathParam("name")));
    app.delete(
        "/meshes/{mesh}/{plural}/{name}",
        ctx ->
            resources.delete(
                ctx, ctx.pathParam("plural"), ctx.pathParam("mesh"), ctx.pathParam("name")));
    app.get("/{plural}", ctx -> resources.list(ctx, ctx.pathParam("plural"), null));
    app.get(
        "/{plural}/{name}",
        ctx -> resources.get(ctx, ctx.pathParam("plural"), null, ctx.pathParam("name")));
    app.put(
        "/{plural}/{name}",
        ctx -> resources.put(ctx, ctx.pathParam("plural"), null, ctx.pathParam("name")));
    app.delete(
        "/{plural}/{name}",
        ctx -> resources.delete(ctx, ctx.pathParam("plural"), null, ctx.pathParam("name")));
    for (HandlerType method :
        new HandlerType[] {
          HandlerType.GET, HandlerType.PUT, HandlerType.POST, HandlerType.DELETE, HandlerType.PATCH
        }) {
      app.addHttpHandler(method, "/<path>", ApiServer::noEndpoint);
    }
    app.exception(
        Exception.class,
        (e, ctx) -> {
          ApiException api = ApiFailures.map(e, title(ctx), ctx.method() + " " + ctx.path());
          error(ctx, api);
        });
    app.error(
        404,
        ctx -> {
          if (ctx.attribute(TITLE_ATTRIBUTE) == null
              && !"application/json".equals(ctx.res().getContentType())) {
            error(ctx, new ApiException(404, ApiFailures.NOT_FOUND, noEndpointMessage(ctx)));
          }
        });
    app.start();
    ApiServer server = new ApiServer(app);
    server.isServing.set(true);
    log.info("API listening httpPort={} httpsPort={}", server.httpPort(), server.httpsPort());
    return server;
  }

  private static QueuedThreadPool threadPool() {
    QueuedThreadPool pool = new QueuedThreadPool(64, 4);
    pool.setName("api-server");
    return pool;
  }

  private static Connector connector(
      Server server, HttpConfiguration http, CpConfig.Listener listener, ServerCertificate cert) {
    // Dispatch at once, not when the first body bytes come: a request whose declared length is
    // refused (413) gets its answer without waiting for a body that may never come.
    http.setDelayDispatchUntilContent(false);
    ServerConnector connector;
    if (cert == null) {
      connector = new ServerConnector(server, new ClientErrorConnectionFactory(http));
      connector.setName(CONNECTOR_HTTP);
    } else {
      HttpConfiguration https = new HttpConfiguration(http);
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false);
      https.addCustomizer(secure);
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      char[] password = "portico-cp".toCharArray();
      ssl.setKeyStore(cert.toKeyStore(password));
      ssl.setKeyStorePassword(new String(password));
      ssl.setIncludeProtocols("TLSv1.2", "TLSv1.3");
      ssl.setExcludeProtocols("SSLv3", "TLSv1", "TLSv1.1");
      connector =
          new ServerConnector(
              server,
              new SslConnectionFactory(ssl, "http/1.1"),
              new ClientErrorConnectionFactory(https));
      connector.setName(CONNECTOR_HTTPS);
    }
    connector.setHost(listener.interfaceAddress());
    connector.setPort(listener.port());
    return connector;
  }

  private static void noEndpoint(Context ctx) {
    throw new ApiException(404, ApiFailures.NOT_FOUND, noEndpointMessage(ctx));
  }

  private static String noEndpointMessage(Context ctx) {
    return "There is no endpoint " + ctx.method() + " " + ctx.path();
  }

  private static ObjectNode index(ServerIdentity identity) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("hostname", identity.hostname());
    out.put("tagline", ServerIdentity.TAGLINE);
    out.put("version", identity.version());
    out.put("instanceId", identity.instanceId());
    out.put("clusterId", identity.clusterId());
    return out;
  }

  // ---------------------------------------------------------------- request helpers

  /** The authenticated caller of a request. */
  static User user(Context ctx) {
    User user = ctx.attribute(USER_ATTRIBUTE);
    return user == null ? User.ANONYMOUS : user;
  }

  /** Names the operation of a request, for its error answers. */
  static void title(Context ctx, String title) {
    ctx.attribute(TITLE_ATTRIBUTE, title);
  }

  static String title(Context ctx) {
    String title = ctx.attribute(TITLE_ATTRIBUTE);
    return title == null ? ApiFailures.NOT_FOUND : title;
  }

  static void json(Context ctx, int status, JsonNode body) {
    try {
      ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void error(Context ctx, ApiException e) {
    if (e.status() == 413) {
      // The rest of the body is not read: close instead of draining it.
      ctx.header("Connection", "close");
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("title", e.title());
    out.put("details", e.details());
    if (!e.causes().isEmpty()) {
      ArrayNode causes = out.putArray("causes");
      for (Violation v : e.causes()) {
        causes.addObject().put("field", v.field()).put("message", v.message());
      }
    }
    json(ctx, e.status(), out);
  }

  // ---------------------------------------------------------------- lifecycle

  /** The bound HTTP port, or -1 when HTTP is off. */
  public int httpPort() {
    return port(CONNECTOR_HTTP);
  }

  /** The bound HTTPS port, or -1 when HTTPS is off. */
  public int httpsPort() {
    return port(CONNECTOR_HTTPS);
  }

  private int port(String name) {
    for (Connector c : app.jettyServer().server().getConnectors()) {
      if (c instanceof ServerConnector sc && name.equals(sc.getName())) {
        return sc.getLocalPort();
      }
    }
    return -1;
  }

  /** Whether the server accepts requests. */
  public boolean isServing() {
    return isServing.get() && app.jettyServer().server().isRunning();
  }

  @Override
  public void close() {
    isServing.set(false);
    app.stop();
  }
}
