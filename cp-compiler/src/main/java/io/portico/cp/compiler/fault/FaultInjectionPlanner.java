package io.portico.cp.compiler.fault;

import io.portico.cp.compiler.context.MeshContext;
import io.portico.cp.compiler.plan.FaultPlan;
import io.portico.cp.compiler.plan.HttpListenerPlan;
import io.portico.cp.compiler.plan.ListenerPlan;
import io.portico.cp.compiler.plan.Problems;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.policy.FaultInjectionSpec;
import io.portico.mesh.api.policy.match.InboundPolicies;
import io.portico.mesh.api.types.ResourceTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The faults of each HTTP inbound listener of a sidecar: every FaultInjection whose {@code
 * destinations} match the inbound's tags, ordered by the rank of their first source selector (newer
 * first on ties, spec/core.md §3.2 "all matching"); each keeps its {@code sources} selectors, which
 * the proxy matches against the request's {@code x-kuma-tags}. Builtin gateways get none (spec
 * gateway.md §4.1).
 */
public final class FaultInjectionPlanner {
  private static final Pattern BANDWIDTH = Pattern.compile("(\\d+)\\s*(kbps|mbps|gbps)");

  private FaultInjectionPlanner() {}

  /** The faults of the dataplane's inbound listeners, by listener name. */
  public static Map<String, List<FaultPlan>> plan(
      MeshContext mesh,
      Resource<DataplaneSpec> dataplane,
      List<ListenerPlan> listeners,
      Problems problems) {
    List<Resource<FaultInjectionSpec>> policies = mesh.policies(ResourceTypes.FAULT_INJECTION);
    DataplaneSpec spec = dataplane.spec();
    if (policies.isEmpty() || spec.isBuiltinGateway() || spec.isDelegatedGateway()) {
      return Map.of();
    }
    Map<String, ListenerPlan> byName = new LinkedHashMap<>();
    listeners.forEach(l -> byName.put(l.name(), l));
    DataplaneSpec.Networking networking = spec.networking();
    Map<String, List<FaultPlan>> out = new LinkedHashMap<>();
    for (DataplaneSpec.Inbound inbound : networking.inbound()) {
      if (inbound == null) {
        continue;
      }
      String address = inbound.address().isEmpty() ? networking.address() : inbound.address();
      String name = "inbound:" + address + ":" + inbound.port();
      if (!(byName.get(name) instanceof HttpListenerPlan)) {
        continue;
      }
      List<FaultPlan> faults = new ArrayList<>();
      for (Resource<FaultInjectionSpec> policy :
          InboundPolicies.allMatching(policies, inbound.tags())) {
        FaultPlan fault = fault(policy, name, problems);
        if (fault != null) {
          faults.add(fault);
        }
      }
      if (!faults.isEmpty()) {
        out.put(name, faults);
      }
    }
    return out;
  }

  private static FaultPlan fault(
      Resource<FaultInjectionSpec> policy, String listener, Problems problems) {
    FaultInjectionSpec.Conf conf = policy.spec().conf();
    if (conf == null) {
      return null;
    }
    List<Map<String, String>> sources = new ArrayList<>();
    for (Selector selector : policy.spec().sources()) {
      sources.add(selector.match());
    }
    FaultPlan.Delay delay = null;
    if (conf.delay() != null && conf.delay().value() != null) {
      delay = new FaultPlan.Delay(percentage(conf.delay().percentage()), conf.delay().value());
    }
    FaultPlan.Abort abort = null;
    if (conf.abort() != null && conf.abort().httpStatus() != null) {
      abort = new FaultPlan.Abort(percentage(conf.abort().percentage()), conf.abort().httpStatus());
    }
    FaultPlan.Bandwidth bandwidth = null;
    if (conf.responseBandwidth() != null && conf.responseBandwidth().limit() != null) {
      long kbps = limitKbps(conf.responseBandwidth().limit());
      if (kbps <= 0) {
        problems.add(
            "listener " + listener,
            "FaultInjection \""
                + policy.name()
                + "\": responseBandwidth.limit \""
                + conf.responseBandwidth().limit()
                + "\" is not <n>kbps, <n>mbps or <n>gbps; the limit is left out");
      } else {
        bandwidth =
            new FaultPlan.Bandwidth(percentage(conf.responseBandwidth().percentage()), kbps);
      }
    }
    if (delay == null && abort == null && bandwidth == null) {
      return null;
    }
    return new FaultPlan(policy.name(), sources, delay, abort, bandwidth);
  }

  private static double percentage(Double value) {
    return value == null ? 0 : Math.max(0, Math.min(100, value));
  }

  /**
   * A bandwidth limit in Envoy's {@code limit_kbps} units, as Kuma converts it: {@code kbps} as is,
   * {@code mbps} × 1000, {@code gbps} × 1000000; 0 when it does not parse.
   */
  static long limitKbps(String limit) {
    Matcher m = BANDWIDTH.matcher(limit.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return 0;
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return 0;
    }
    return switch (m.group(2)) {
      case "kbps" -> n;
      case "mbps" -> n * 1000;
      default -> n * 1_000_000;
    };
  }
}
