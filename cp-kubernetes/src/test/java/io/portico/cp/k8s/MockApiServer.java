package io.portico.cp.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fabric8's API server mock in CRUD mode, for tests that run a whole control plane against it (many
 * watches). The mock closes each watch on its event loop and may block it up to a second per watch
 * (its {@code WatchEventsListener.onClosed} awaits an executor), so stopping it after a control
 * plane's dozens of watches can outlast its shutdown timeout; that failure to stop is logged here,
 * not thrown into the test, which has passed or failed by then.
 */
public final class MockApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MockApiServer.class);

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private MockApiServer(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  /** A CRUD mock over HTTPS answering {@code /version} as Kubernetes 1.26. */
  public static MockApiServer start() {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            true,
            new VersionInfo.Builder().withMajor("1").withMinor("26").build());
    server.init();
    return new MockApiServer(server);
  }

  /** A client of the mock (closed with it). */
  public KubernetesClient client() {
    return client;
  }

  public KubernetesMockServer server() {
    return server;
  }

  @Override
  public void close() {
    client.close();
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      log.warn("the API server mock did not stop in time: {}", e.getMessage());
    }
  }
}
