package io.portico.cp.compiler.emit;

import com.google.protobuf.Duration;
import io.portico.cp.compiler.plan.AccessLogPlan;
import io.portico.cp.compiler.plan.FaultPlan;
import io.portico.proxy.api.v1.AccessLog;
import io.portico.proxy.api.v1.FaultAbort;
import io.portico.proxy.api.v1.FaultDelay;
import io.portico.proxy.api.v1.FaultInjection;
import io.portico.proxy.api.v1.FaultResponseBandwidth;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.Tag;
import io.portico.proxy.api.v1.TagSelector;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a listener's access log ({@code access_log}) and an HTTP listener's faults ({@code
 * http.faults}); tags of a source selector are sorted by key so that equal plans give equal bytes.
 */
final class ListenerPolicyEmitter {
  private ListenerPolicyEmitter() {}

  static Listener decorate(Listener listener, AccessLogPlan accessLog, List<FaultPlan> faults) {
    if (accessLog == null && (faults == null || faults.isEmpty())) {
      return listener;
    }
    Listener.Builder out = listener.toBuilder();
    if (accessLog != null) {
      AccessLog.Builder log =
          AccessLog.newBuilder()
              .setFormat(accessLog.format())
              .setMesh(accessLog.mesh())
              .setSourceService(accessLog.sourceService())
              .setDestinationService(accessLog.destinationService())
              .setSourceAddress(accessLog.sourceAddress());
      if (accessLog.filePath() != null) {
        log.setFilePath(accessLog.filePath());
      } else {
        log.setTcpAddress(accessLog.tcpAddress());
      }
      out.setAccessLog(log);
    }
    if (faults != null && !faults.isEmpty() && out.hasHttp()) {
      for (FaultPlan fault : faults) {
        out.getHttpBuilder().addFaults(fault(fault));
      }
    }
    return out.build();
  }

  private static FaultInjection fault(FaultPlan plan) {
    FaultInjection.Builder fault = FaultInjection.newBuilder().setName(plan.policy());
    for (Map<String, String> source : plan.sources()) {
      TagSelector.Builder selector = TagSelector.newBuilder();
      new TreeMap<>(source)
          .forEach((k, v) -> selector.addTags(Tag.newBuilder().setKey(k).setValue(v)));
      fault.addSources(selector);
    }
    if (plan.delay() != null) {
      fault.setDelay(
          FaultDelay.newBuilder()
              .setPercentage(plan.delay().percentage())
              .setValue(
                  Duration.newBuilder()
                      .setSeconds(plan.delay().value().getSeconds())
                      .setNanos(plan.delay().value().getNano())));
    }
    if (plan.abort() != null) {
      fault.setAbort(
          FaultAbort.newBuilder()
              .setPercentage(plan.abort().percentage())
              .setHttpStatus(plan.abort().httpStatus()));
    }
    if (plan.responseBandwidth() != null) {
      fault.setResponseBandwidth(
          FaultResponseBandwidth.newBuilder()
              .setPercentage(plan.responseBandwidth().percentage())
              .setLimitKbps(plan.responseBandwidth().limitKbps()));
    }
    return fault.build();
  }
}
