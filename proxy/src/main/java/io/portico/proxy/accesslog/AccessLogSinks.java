package io.portico.proxy.accesslog;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sinks of a proxy runtime, one per {@link SinkSpec}, shared by every listener and connection
 * logging there. The runtime {@link #retain}s the specs of each applied config (opening new sinks
 * then, off the event loops) and closes those no config uses any more.
 */
public final class AccessLogSinks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AccessLogSinks.class);

  private final Map<SinkSpec, AccessLogSink> sinks = new ConcurrentHashMap<>();
  private final int capacity;

  public AccessLogSinks() {
    this(QueuedSink.CAPACITY);
  }

  /** Sinks holding at most {@code capacity} queued lines each. */
  public AccessLogSinks(int capacity) {
    this.capacity = capacity;
  }

  /** The sink of {@code spec}, started on first use. */
  public AccessLogSink sink(SinkSpec spec) {
    return sinks.computeIfAbsent(spec, this::open);
  }

  private AccessLogSink open(SinkSpec spec) {
    QueuedSink sink =
        switch (spec.kind()) {
          case FILE -> new FileSink(Path.of(spec.target()), capacity);
          case TCP -> new TcpSink(spec.target(), capacity);
        };
    sink.start();
    log.atInfo().addKeyValue("sink", spec).log("access log sink opened");
    return sink;
  }

  /** Opens the sinks of {@code specs} and closes every other one. */
  public void retain(Collection<SinkSpec> specs) {
    Set<SinkSpec> keep = new HashSet<>(specs);
    keep.forEach(this::sink);
    for (SinkSpec spec : Set.copyOf(sinks.keySet())) {
      if (!keep.contains(spec)) {
        AccessLogSink sink = sinks.remove(spec);
        if (sink != null) {
          sink.close();
          log.atInfo().addKeyValue("sink", spec).log("access log sink closed");
        }
      }
    }
  }

  /** Lines dropped by every open sink, for the admin page. */
  public Map<SinkSpec, AccessLogSink> open() {
    return Map.copyOf(sinks);
  }

  @Override
  public void close() {
    retain(Set.of());
  }
}
