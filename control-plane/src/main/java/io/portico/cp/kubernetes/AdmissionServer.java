package io.portico.cp.kubernetes;

import io.javalin.Javalin;
import io.portico.cp.k8s.KubernetesSettings;
import io.portico.cp.k8s.webhook.AdmissionReview;
import io.portico.cp.k8s.webhook.AdmissionWebhook;
import io.portico.cp.k8s.webhook.AdmissionWebhooks;
import io.portico.cp.tls.ServerCertificate;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS server the API server calls the admission webhooks on ({@code
 * runtime.kubernetes.admissionServer.*}, spec/kubernetes.md §7.1): {@code POST <path>} with an
 * AdmissionReview, answered 200 with an AdmissionReview whatever the verdict. Its certificate is
 * {@code tls.crt}/{@code tls.key} of {@code certDir}, the pair the webhook configurations' {@code
 * caBundle} vouches for.
 */
final class AdmissionServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdmissionServer.class);

  /** An AdmissionReview is small; the API server sends at most a few MiB of object. */
  private static final long MAX_BODY_BYTES = 8L * 1024 * 1024;

  private final Javalin app;

  private AdmissionServer(Javalin app) {
    this.app = app;
  }

  static AdmissionServer start(
      KubernetesSettings.AdmissionServer settings,
      ServerCertificate certificate,
      AdmissionWebhooks webhooks) {
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.startupWatcherEnabled = false;
              cfg.http.maxRequestSize = MAX_BODY_BYTES;
              QueuedThreadPool pool = new QueuedThreadPool(16, 2);
              pool.setName("admission-server");
              cfg.jetty.threadPool = pool;
              cfg.jetty.addConnector(
                  (server, http) -> {
                    HttpConfiguration https = new HttpConfiguration(http);
                    SecureRequestCustomizer secure = new SecureRequestCustomizer();
                    secure.setSniHostCheck(false);
                    https.addCustomizer(secure);
                    SslContextFactory.Server ssl = new SslContextFactory.Server();
                    char[] password = "portico-admission".toCharArray();
                    ssl.setKeyStore(certificate.toKeyStore(password));
                    ssl.setKeyStorePassword(new String(password));
                    ssl.setIncludeProtocols("TLSv1.2", "TLSv1.3");
                    ServerConnector connector =
                        new ServerConnector(
                            server,
                            new SslConnectionFactory(ssl, "http/1.1"),
                            new HttpConnectionFactory(https));
                    connector.setHost(settings.address().isEmpty() ? null : settings.address());
                    connector.setPort(settings.port());
                    return connector;
                  });
            });
    for (Map.Entry<String, AdmissionWebhook> route : webhooks.byPath().entrySet()) {
      AdmissionWebhook webhook = route.getValue();
      app.post(
          route.getKey(),
          ctx ->
              ctx.contentType("application/json")
                  .result(
                      AdmissionReview.answer(webhook, ctx.body())
                          .getBytes(StandardCharsets.UTF_8)));
    }
    app.start();
    AdmissionServer server = new AdmissionServer(app);
    log.info("admission webhooks listening port={}", server.port());
    return server;
  }

  /** The bound port (for {@code port: 0}). */
  int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
