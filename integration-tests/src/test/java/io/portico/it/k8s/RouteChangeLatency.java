package io.portico.it.k8s;

import static io.portico.it.k8s.KubernetesCluster.manifest;
import static io.portico.it.k8s.KubernetesCluster.seed;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.portico.it.support.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A measurement, not a test (run by {@code bench/k8s/route-change-latency.sh}): on the cluster of
 * {@link KubernetesGatewayIT} (mock API server, real portico-cp and portico-dp processes), how long
 * a change to a MeshGatewayRoute written to the API server takes to reach the running gateway. Each
 * change adds a redirect rule for {@code /changed-<i>}; the time runs from the write until the
 * gateway first answers 301 there (1 ms polls). Prints each change and p50/p99.
 */
public final class RouteChangeLatency {
  private RouteChangeLatency() {}

  public static void main(String[] args) throws Exception {
    int changes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Path dir = Files.createTempDirectory("route-change-latency");
    try (KubernetesCluster cluster = KubernetesCluster.start(dir)) {
      int appPort = FreePorts.next();
      cluster.apply(
          manifest("demo-app.yaml", Map.of("APP_PORT", appPort, "ADMIN_PORT", FreePorts.next())));
      RunningPod app =
          cluster.runReplica(cluster.awaitDeployment("kuma-demo", "demo-app"), "127.0.0.2");
      cluster.awaitDataplane(app.dataplaneName());
      int gatewayPort = FreePorts.next();
      cluster.apply(
          seed("meshgateway-kubernetes.yaml").replace("port: 8080", "port: " + gatewayPort));
      cluster.apply(seed("meshgatewayroute-kubernetes.yaml"));
      cluster.apply(seed("meshgatewayinstance-kubernetes.yaml"));
      RunningPod gateway =
          cluster.runReplica(cluster.awaitDeployment("default", "edge-gateway"), "127.0.0.1");
      cluster.awaitDataplane(gateway.dataplaneName());
      HttpClient http =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(2))
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
      await(http, gatewayPort, "/", 200);

      var routes =
          cluster
              .client()
              .genericKubernetesResources(
                  new ResourceDefinitionContext.Builder()
                      .withGroup("kuma.io")
                      .withVersion("v1alpha1")
                      .withKind("MeshGatewayRoute")
                      .withPlural("meshgatewayroutes")
                      .withNamespaced(false)
                      .build())
              .withName("edge-gateway-route");
      List<Double> millis = new ArrayList<>();
      for (int i = 1; i <= changes; i++) {
        String path = "/changed-" + i;
        long start = System.nanoTime();
        routes.edit(route -> withRedirect(route, path));
        await(http, gatewayPort, path, 301);
        double ms = (System.nanoTime() - start) / 1e6;
        millis.add(ms);
        System.out.printf("change %2d %-12s %8.1f ms%n", i, path, ms);
      }
      Collections.sort(millis);
      System.out.printf(
          "%d changes: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          changes, percentile(millis, 50), percentile(millis, 99), millis.get(millis.size() - 1));
    }
  }

  /** The route with one more rule first: {@code path} redirects (301) to example.org. */
  @SuppressWarnings("unchecked")
  private static GenericKubernetesResource withRedirect(
      GenericKubernetesResource route, String path) {
    Map<String, Object> spec = (Map<String, Object>) route.getAdditionalProperties().get("spec");
    Map<String, Object> conf = (Map<String, Object>) spec.get("conf");
    Map<String, Object> httpConf = (Map<String, Object>) conf.get("http");
    List<Object> rules = new ArrayList<>((List<Object>) httpConf.get("rules"));
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("matches", List.of(Map.of("path", Map.of("match", "PREFIX", "value", path))));
    rule.put(
        "filters",
        List.of(
            Map.of(
                "redirect",
                Map.of("scheme", "https", "hostname", "example.org", "statusCode", 301))));
    rules.add(0, rule);
    httpConf.put("rules", rules);
    return route;
  }

  private static void await(HttpClient http, int port, String path, int status)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Host", "foo.example.com")
            .timeout(Duration.ofSeconds(5))
            .build();
    while (true) {
      int got;
      try {
        got = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException e) {
        got = -1;
      }
      if (got == status) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(path + " still answers " + got + " after 60 s");
      }
      Thread.sleep(1);
    }
  }

  /** The nearest-rank percentile of sorted values. */
  private static double percentile(List<Double> sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
