package io.portico.proxy.accesslog;

import java.util.Objects;

/**
 * A listener's compiled access log: the format (with the listener's Kuma values in it) and where
 * lines go. Compared by value.
 */
public record AccessLogConfig(AccessLogFormat format, SinkSpec sink) {
  public AccessLogConfig {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(sink, "sink");
  }
}
