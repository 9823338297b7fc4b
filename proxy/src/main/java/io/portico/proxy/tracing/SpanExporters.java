package io.portico.proxy.tracing;

import java.net.URI;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exporters of a proxy runtime, one per collector, shared by every traced listener. The runtime
 * {@link #retain}s the collectors of each applied config (starting new exporters then, off the
 * event loops) and closes those no config uses any more.
 */
public final class SpanExporters implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SpanExporters.class);

  private final Map<URI, ZipkinExporter> exporters = new ConcurrentHashMap<>();
  private final int capacity;

  public SpanExporters() {
    this(ZipkinExporter.CAPACITY);
  }

  /** Exporters holding at most {@code capacity} queued spans each. */
  public SpanExporters(int capacity) {
    this.capacity = capacity;
  }

  /** The exporter of {@code collector}, started on first use. */
  public ZipkinExporter exporter(URI collector) {
    return exporters.computeIfAbsent(collector, this::open);
  }

  private ZipkinExporter open(URI collector) {
    ZipkinExporter exporter = new ZipkinExporter(collector, capacity);
    exporter.start();
    log.atInfo().addKeyValue("collector", collector).log("zipkin exporter started");
    return exporter;
  }

  /** Starts the exporters of {@code collectors} and closes every other one. */
  public void retain(Collection<URI> collectors) {
    Set<URI> keep = new HashSet<>(collectors);
    keep.forEach(this::exporter);
    for (URI collector : Set.copyOf(exporters.keySet())) {
      if (!keep.contains(collector)) {
        ZipkinExporter exporter = exporters.remove(collector);
        if (exporter != null) {
          exporter.close();
          log.atInfo().addKeyValue("collector", collector).log("zipkin exporter closed");
        }
      }
    }
  }

  /** The open exporters (for the admin page and tests). */
  public Map<URI, ZipkinExporter> open() {
    return Map.copyOf(exporters);
  }

  @Override
  public void close() {
    retain(Set.of());
  }
}
