package io.portico.cp.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.cp.compiler.plan.Problem;
import io.portico.mesh.api.Resource;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.ProxyConfig;
import io.portico.proxy.api.v1.Tracing;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TrafficTrace (core §1.3, §3.2 dataplane policy, §3.4; gateway §4.1) in the config. */
class TracingCompilerTest {
  private static final String MESH =
      """
      type: Mesh
      name: default
      tracing:
        defaultBackend: zipkin
        backends:
          - name: zipkin
            type: zipkin
            conf: {url: 'http://zipkin.local:9411/api/v2/spans'}
          - name: sampled
            type: zipkin
            sampling: 12.5
            conf:
              url: 'http://other.local:9412/api/v2/spans'
              traceId128bit: true
              sharedSpanContext: false
          - name: dd
            type: datadog
            conf: {address: 127.0.0.1, port: 8126}
      ---
      """
          + TestSnapshots.EDGE_GATEWAY
          + """
      type: Dataplane
      mesh: default
      name: web-1
      networking:
        address: 10.0.0.1
        inbound:
          - port: 18080
            servicePort: 8080
            tags: {kuma.io/service: web, kuma.io/protocol: http}
        outbound:
          - port: 10001
            tags: {kuma.io/service: backend}
      ---
      type: Dataplane
      mesh: default
      name: backend-1
      networking:
        address: 10.0.0.2
        inbound:
          - port: 18080
            servicePort: 8080
            tags: {kuma.io/service: backend, kuma.io/protocol: http}
      ---
      type: Dataplane
      mesh: default
      name: db-1
      networking:
        address: 10.0.0.3
        inbound:
          - port: 15432
            servicePort: 5432
            tags: {kuma.io/service: db, kuma.io/protocol: tcp}
      """;

  private static Compiled compile(String extra, String dataplane) {
    List<Resource<?>> resources = TestSnapshots.resources(MESH + "---\n" + extra);
    ProxyConfigCompiler.Compilation compilation =
        new ProxyConfigCompiler()
            .compileWithProblems(
                TestSnapshots.snapshot(resources), TestSnapshots.dataplane(resources, dataplane));
    return new Compiled(compilation.config(), compilation.problems());
  }

  private record Compiled(ProxyConfig config, List<Problem> problems) {
    Listener listener(String prefix) {
      return config.getListenersList().stream()
          .filter(l -> l.getName().startsWith(prefix))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no listener " + prefix + " in " + config));
    }
  }

  private static String trace(String name, String selector, String backend) {
    return """
        type: TrafficTrace
        mesh: default
        name: %s
        selectors:
          - match: %s
        %s
        """
        .formatted(name, selector, backend.isEmpty() ? "" : "conf: {backend: " + backend + "}");
  }

  @Test
  void aTrafficTraceSelectingTheGatewayTracesItsHttpListenersWithTheDefaultBackend() {
    Listener listener =
        compile(trace("all", "{kuma.io/service: '*'}", ""), "gw-1").listener("edge:HTTP:8080");

    Tracing tracing = listener.getHttp().getTracing();
    assertThat(tracing.getCollectorUrl()).isEqualTo("http://zipkin.local:9411/api/v2/spans");
    assertThat(tracing.getSampling()).isEqualTo(100.0);
    assertThat(tracing.getTraceId128Bit()).isFalse();
    assertThat(tracing.getSharedSpanContext()).isTrue();
    assertThat(tracing.getServiceName()).isEqualTo("edge-gw");
    assertThat(tracing.getPolicy()).isEqualTo("all");
    assertThat(tracing.getBackend()).isEqualTo("zipkin");
    assertThat(tracing.getNodeId()).isEqualTo("gw-1");
  }

  @Test
  void sidecarInboundAndOutboundHttpListenersAreTracedWithTheNamedBackend() {
    Compiled compiled = compile(trace("web", "{kuma.io/service: web}", "sampled"), "web-1");

    for (String prefix : List.of("inbound:", "outbound:")) {
      Tracing tracing = compiled.listener(prefix).getHttp().getTracing();
      assertThat(tracing.getCollectorUrl()).isEqualTo("http://other.local:9412/api/v2/spans");
      assertThat(tracing.getSampling()).isEqualTo(12.5);
      assertThat(tracing.getTraceId128Bit()).isTrue();
      assertThat(tracing.getSharedSpanContext()).isFalse();
      assertThat(tracing.getServiceName()).isEqualTo("web");
    }
  }

  @Test
  void aTrafficTraceSelectingOtherServicesLeavesTheDataplaneUntraced() {
    Compiled compiled = compile(trace("web", "{kuma.io/service: web}", ""), "backend-1");

    assertThat(compiled.listener("inbound:").getHttp().hasTracing()).isFalse();
  }

  @Test
  void theMostSpecificSelectorWins() {
    Compiled compiled =
        compile(
            trace("all", "{kuma.io/service: '*'}", "zipkin")
                + "---\n"
                + trace("web", "{kuma.io/service: web}", "sampled"),
            "web-1");

    assertThat(compiled.listener("inbound:").getHttp().getTracing().getPolicy()).isEqualTo("web");
  }

  @Test
  void tcpListenersAreNotTraced() {
    Compiled compiled = compile(trace("all", "{kuma.io/service: '*'}", ""), "db-1");

    assertThat(compiled.listener("inbound:").hasTcp()).isTrue();
    assertThat(compiled.problems()).isEmpty();
  }

  @Test
  void aDatadogBackendIsLeftOutWithAProblem() {
    Compiled compiled = compile(trace("all", "{kuma.io/service: '*'}", "dd"), "web-1");

    assertThat(compiled.listener("inbound:").getHttp().hasTracing()).isFalse();
    assertThat(compiled.problems())
        .anySatisfy(p -> assertThat(p.toString()).contains("only zipkin is supported"));
  }

  @Test
  void withoutTrafficTraceNothingIsTraced() {
    Compiled compiled = compile("type: Mesh\nname: other\n", "web-1");

    assertThat(compiled.listener("inbound:").getHttp().hasTracing()).isFalse();
    assertThat(compiled.listener("outbound:").getHttp().hasTracing()).isFalse();
  }
}
