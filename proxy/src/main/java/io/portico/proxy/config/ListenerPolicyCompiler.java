package io.portico.proxy.config;

import io.portico.proxy.accesslog.AccessLogConfig;
import io.portico.proxy.accesslog.AccessLogFormat;
import io.portico.proxy.accesslog.SinkSpec;
import io.portico.proxy.api.v1.AccessLog;
import io.portico.proxy.api.v1.FaultInjection;
import io.portico.proxy.api.v1.Listener;
import io.portico.proxy.api.v1.Tag;
import io.portico.proxy.api.v1.TagSelector;
import io.portico.proxy.api.v1.TrafficDirection;
import io.portico.proxy.fault.FaultConfig;
import io.portico.proxy.fault.FaultTable;
import io.portico.proxy.fault.KumaTagsMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a listener's access log and faults (the parts of a listener that TrafficLog and
 * FaultInjection configure), collecting errors with their paths as the rest of the compiler does.
 */
final class ListenerPolicyCompiler {
  private ListenerPolicyCompiler() {}

  /**
   * The listener's access log, or null.
   *
   * @param protocolPath the path of the listener's {@code http} or {@code tcp} part
   */
  static AccessLogConfig accessLog(String protocolPath, Listener listener, List<String> errors) {
    if (!listener.hasAccessLog()) {
      return null;
    }
    String path = protocolPath.substring(0, protocolPath.lastIndexOf('.')) + ".access_log";
    AccessLog log = listener.getAccessLog();
    SinkSpec sink = null;
    switch (log.getSinkCase()) {
      case FILE_PATH -> {
        if (log.getFilePath().isEmpty()) {
          errors.add(path + ".file_path: must not be empty");
        } else {
          sink = SinkSpec.file(log.getFilePath());
        }
      }
      case TCP_ADDRESS -> {
        if (!isHostPort(log.getTcpAddress())) {
          errors.add(path + ".tcp_address: must be host:port, got \"" + log.getTcpAddress() + "\"");
        } else {
          sink = SinkSpec.tcp(log.getTcpAddress());
        }
      }
      case SINK_NOT_SET -> errors.add(path + ".sink: one of file_path or tcp_address is required");
    }
    if (log.getFormat().isEmpty()) {
      errors.add(path + ".format: must not be empty");
      return null;
    }
    AccessLogFormat format;
    try {
      format =
          AccessLogFormat.compile(
              log.getFormat(),
              new AccessLogFormat.KumaValues(
                  log.getMesh(),
                  log.getSourceService(),
                  log.getDestinationService(),
                  log.getSourceAddress(),
                  direction(listener.getDirection())));
    } catch (IllegalArgumentException e) {
      errors.add(path + ".format: " + e.getMessage());
      return null;
    }
    return sink == null ? null : new AccessLogConfig(format, sink);
  }

  /** Kuma's {@code %KUMA_TRAFFIC_DIRECTION%}: a gateway listener receives, as an inbound does. */
  private static String direction(TrafficDirection direction) {
    return switch (direction) {
      case INBOUND, GATEWAY -> "INBOUND";
      case OUTBOUND -> "OUTBOUND";
      default -> "UNSPECIFIED";
    };
  }

  private static boolean isHostPort(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      return false;
    }
    try {
      int port = Integer.parseInt(address.substring(colon + 1));
      return port > 0 && port <= 65535;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The listener's faults (empty table when none). */
  static FaultTable faults(String path, List<FaultInjection> faults, List<String> errors) {
    if (faults.isEmpty()) {
      return FaultTable.NONE;
    }
    List<FaultConfig> out = new ArrayList<>();
    for (int i = 0; i < faults.size(); i++) {
      FaultInjection fault = faults.get(i);
      String at = path + "[" + (fault.getName().isEmpty() ? i : fault.getName()) + "]";
      int before = errors.size();
      List<KumaTagsMatcher> sources = new ArrayList<>();
      for (int s = 0; s < fault.getSourcesCount(); s++) {
        TagSelector selector = fault.getSources(s);
        Map<String, String> tags = new LinkedHashMap<>();
        for (int t = 0; t < selector.getTagsCount(); t++) {
          Tag tag = selector.getTags(t);
          String tagPath = at + ".sources[" + s + "].tags[" + t + "]";
          if (tag.getKey().isEmpty() || tag.getKey().indexOf('&') >= 0) {
            errors.add(tagPath + ".key: must be non-empty and without '&'");
          } else if (tag.getValue().isEmpty()) {
            errors.add(tagPath + ".value: must not be empty");
          } else if (tags.put(tag.getKey(), tag.getValue()) != null) {
            errors.add(tagPath + ".key: duplicate key \"" + tag.getKey() + "\"");
          }
        }
        sources.add(new KumaTagsMatcher(tags));
      }
      double delayFraction = 0;
      Duration delay = Duration.ZERO;
      if (fault.hasDelay()) {
        delayFraction =
            fraction(at + ".delay.percentage", fault.getDelay().getPercentage(), errors);
        delay =
            Duration.ofSeconds(
                fault.getDelay().getValue().getSeconds(), fault.getDelay().getValue().getNanos());
        if (!fault.getDelay().hasValue() || delay.isNegative() || delay.isZero()) {
          errors.add(at + ".delay.value: must be a positive duration");
        }
      }
      double abortFraction = 0;
      int status = 0;
      if (fault.hasAbort()) {
        abortFraction =
            fraction(at + ".abort.percentage", fault.getAbort().getPercentage(), errors);
        status = fault.getAbort().getHttpStatus();
        if (status < 200 || status > 599) {
          errors.add(at + ".abort.http_status: must be in [200, 599], got " + status);
        }
      }
      double bandwidthFraction = 0;
      long bytesPerSecond = 0;
      if (fault.hasResponseBandwidth()) {
        bandwidthFraction =
            fraction(
                at + ".response_bandwidth.percentage",
                fault.getResponseBandwidth().getPercentage(),
                errors);
        long kbps = fault.getResponseBandwidth().getLimitKbps();
        if (kbps <= 0 || kbps > Long.MAX_VALUE / 1024) {
          errors.add(at + ".response_bandwidth.limit_kbps: must be positive, got " + kbps);
        }
        bytesPerSecond = kbps * 1024;
      }
      if (!fault.hasDelay() && !fault.hasAbort() && !fault.hasResponseBandwidth()) {
        errors.add(at + ": needs at least one of delay, abort, response_bandwidth");
      }
      if (errors.size() == before) {
        out.add(
            new FaultConfig(
                fault.getName(),
                sources,
                delayFraction,
                delay,
                abortFraction,
                status,
                bandwidthFraction,
                bytesPerSecond));
      }
    }
    return new FaultTable(out);
  }

  private static double fraction(String path, double percentage, List<String> errors) {
    if (!(percentage >= 0 && percentage <= 100)) {
      errors.add(path + ": must be in [0, 100], got " + percentage);
      return 0;
    }
    return percentage / 100;
  }
}
