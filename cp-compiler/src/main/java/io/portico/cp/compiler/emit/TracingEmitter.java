package io.portico.cp.compiler.emit;

import io.portico.cp.compiler.plan.TracingPlan;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.Tracing;

/** Writes an HTTP listener's tracing ({@code http.tracing}). */
final class TracingEmitter {
  private TracingEmitter() {}

  static Listener decorate(Listener listener, TracingPlan plan, String dataplane) {
    if (plan == null || !listener.hasHttp()) {
      return listener;
    }
    Listener.Builder out = listener.toBuilder();
    out.getHttpBuilder()
        .setTracing(
            Tracing.newBuilder()
                .setCollectorUrl(plan.collectorUrl())
                .setSampling(plan.sampling())
                .setTraceId128Bit(plan.traceId128bit())
                .setSharedSpanContext(plan.sharedSpanContext())
                .setServiceName(plan.serviceName())
                .setPolicy(plan.policy())
                .setBackend(plan.backend())
                .setNodeId(dataplane));
    return out.build();
  }
}
