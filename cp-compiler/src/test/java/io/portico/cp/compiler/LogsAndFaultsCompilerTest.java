package io.portico.cp.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.cp.compiler.accesslog.TrafficLogPlanner;
import io.portico.cp.compiler.plan.Problem;
import io.portico.mesh.api.Resource;
import io.portico.proxy.api.v1.AccessLog;
import io.portico.proxy.api.v1.FaultInjection;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.ProxyConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TrafficLog (core §1.3, §3.4; gateway §4.1) and FaultInjection (core §3.4) in the config. */
class LogsAndFaultsCompilerTest {
  private static final String MESH =
      """
      type: Mesh
      name: default
      logging:
        defaultBackend: file
        backends:
          - name: file
            type: file
            conf: {path: /var/log/access.log}
          - name: collector
            type: tcp
            format: '%KUMA_SOURCE_SERVICE% %RESPONSE_CODE%'
            conf: {address: 'logs.example:5000'}
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
          - port: 10002
            tags: {kuma.io/service: db}
      """;

  private static ProxyCompilation compile(String extra, String dataplane) {
    List<Resource<?>> resources = TestSnapshots.resources(MESH + "---\n" + extra);
    ProxyConfigCompiler.Compilation compilation =
        new ProxyConfigCompiler()
            .compileWithProblems(
                TestSnapshots.snapshot(resources), TestSnapshots.dataplane(resources, dataplane));
    return new ProxyCompilation(compilation.config(), compilation.problems());
  }

  private record ProxyCompilation(ProxyConfig config, List<Problem> problems) {
    Listener listener(String name) {
      return config.getListenersList().stream()
          .filter(l -> l.getName().equals(name))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no listener " + name));
    }
  }

  private static String trafficLog(String destination, String backend) {
    return """
        type: TrafficLog
        mesh: default
        name: log
        sources:
          - match: {kuma.io/service: '*'}
        destinations:
          - match: {kuma.io/service: '%s'}
        %s
        """
        .formatted(destination, backend.isEmpty() ? "" : "conf: {backend: " + backend + "}");
  }

  @Test
  void gatewayListenersLogWithTheTrafficLogOfPassThroughAndTheDefaultBackend() {
    AccessLog log = compile(trafficLog("*", ""), "gw-1").listener("edge:HTTP:8080").getAccessLog();

    assertThat(log.getFilePath()).isEqualTo("/var/log/access.log");
    assertThat(log.getFormat()).isEqualTo(TrafficLogPlanner.DEFAULT_HTTP_FORMAT);
    assertThat(log.getMesh()).isEqualTo("default");
    assertThat(log.getSourceService()).isEqualTo("edge-gw");
    assertThat(log.getDestinationService()).isEqualTo("*");
    assertThat(log.getSourceAddress()).isEqualTo("10.0.0.9");
  }

  @Test
  void aTrafficLogForOneServiceDoesNotSelectTheGateway() {
    assertThat(compile(trafficLog("backend", ""), "gw-1").listener("edge:HTTP:8080").hasAccessLog())
        .isFalse();
  }

  @Test
  void sidecarOutboundsLogPerDestinationServiceToTheNamedBackend() {
    ProxyCompilation compiled = compile(trafficLog("backend", "collector"), "web-1");

    AccessLog backend = compiled.listener("outbound:127.0.0.1:10001").getAccessLog();
    assertThat(backend.getTcpAddress()).isEqualTo("logs.example:5000");
    assertThat(backend.getFormat()).isEqualTo("%KUMA_SOURCE_SERVICE% %RESPONSE_CODE%");
    assertThat(backend.getSourceService()).isEqualTo("web");
    assertThat(backend.getDestinationService()).isEqualTo("backend");
    assertThat(compiled.listener("outbound:127.0.0.1:10002").hasAccessLog()).isFalse();
    assertThat(compiled.listener("inbound:10.0.0.1:18080").hasAccessLog()).isFalse();
  }

  @Test
  void tcpOutboundsGetKumasTcpFormat() {
    AccessLog db =
        compile(trafficLog("*", ""), "web-1").listener("outbound:127.0.0.1:10002").getAccessLog();
    // db has no endpoints, so its protocol is TCP.
    assertThat(db.getFormat()).isEqualTo(TrafficLogPlanner.DEFAULT_TCP_FORMAT);
  }

  @Test
  void anUnknownBackendLeavesTheLogOutWithAProblem() {
    ProxyCompilation compiled = compile(trafficLog("*", "nowhere"), "gw-1");

    assertThat(compiled.listener("edge:HTTP:8080").hasAccessLog()).isFalse();
    assertThat(compiled.problems())
        .anySatisfy(p -> assertThat(p.toString()).contains("\"nowhere\""));
  }

  private static final String FAULTS =
      """
      type: FaultInjection
      mesh: default
      name: fi-abort
      sources:
        - match: {kuma.io/service: edge-gw}
      destinations:
        - match: {kuma.io/service: web, kuma.io/protocol: http}
      conf:
        abort: {httpStatus: 500, percentage: 100}
        responseBandwidth: {limit: 2mbps, percentage: 50}
      ---
      type: FaultInjection
      mesh: default
      name: fi-delay
      sources:
        - match: {kuma.io/service: '*', version: v2}
      destinations:
        - match: {kuma.io/service: web, kuma.io/protocol: http}
      conf:
        delay: {value: 250ms, percentage: 10.5}
      ---
      type: FaultInjection
      mesh: default
      name: fi-elsewhere
      sources:
        - match: {kuma.io/service: '*'}
      destinations:
        - match: {kuma.io/service: other, kuma.io/protocol: http}
      conf:
        delay: {value: 1s, percentage: 100}
      """;

  @Test
  void httpInboundsCarryEveryMatchingFaultInjectionWithItsSources() {
    List<FaultInjection> faults =
        compile(FAULTS, "web-1").listener("inbound:10.0.0.1:18080").getHttp().getFaultsList();

    assertThat(faults).extracting(FaultInjection::getName).containsExactly("fi-delay", "fi-abort");
    FaultInjection delay = faults.get(0);
    assertThat(delay.getSources(0).getTagsList())
        .extracting(t -> t.getKey() + "=" + t.getValue())
        .containsExactly("kuma.io/service=*", "version=v2");
    assertThat(delay.getDelay().getPercentage()).isEqualTo(10.5);
    assertThat(delay.getDelay().getValue().getNanos()).isEqualTo(250_000_000);
    FaultInjection abort = faults.get(1);
    assertThat(abort.getAbort().getHttpStatus()).isEqualTo(500);
    assertThat(abort.getAbort().getPercentage()).isEqualTo(100);
    assertThat(abort.getResponseBandwidth().getLimitKbps()).isEqualTo(2000);
    assertThat(abort.getResponseBandwidth().getPercentage()).isEqualTo(50);
  }

  @Test
  void gatewaysApplyNoFaultInjection() {
    assertThat(compile(FAULTS, "gw-1").listener("edge:HTTP:8080").getHttp().getFaultsCount())
        .isZero();
  }
}
