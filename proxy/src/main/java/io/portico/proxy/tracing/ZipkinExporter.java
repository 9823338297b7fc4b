package io.portico.proxy.tracing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends spans to one Zipkin collector: event loops {@link #offer} finished spans to a bounded queue
 * (a full queue drops the span and counts it); one thread takes them in batches of up to {@value
 * #BATCH} and POSTs each batch as JSON v2 with the JDK HTTP client. A batch the collector does not
 * take (error status, I/O failure) is dropped and counted: spans are best-effort and never retried.
 */
public final class ZipkinExporter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ZipkinExporter.class);

  /** Spans an exporter holds before it drops new ones. */
  static final int CAPACITY = 8 * 1024;

  static final int BATCH = 256;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final long DROP_REPORT_NANOS = 10_000_000_000L;

  private final URI collector;
  private final BlockingQueue<Span> queue;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong exported = new AtomicLong();
  private final Thread sender;
  private final HttpClient client;
  private volatile boolean isClosed;
  private long reportedDrops;
  private long lastDropReport;

  ZipkinExporter(URI collector, int capacity) {
    this.collector = collector;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    this.sender = new Thread(this::run, "zipkin-exporter " + collector);
    this.sender.setDaemon(true);
  }

  void start() {
    sender.start();
  }

  /** Queues a finished span; false (and counted) when the queue is full or closed. */
  public boolean offer(Span span) {
    if (isClosed || !queue.offer(span)) {
      dropped.incrementAndGet();
      return false;
    }
    return true;
  }

  /** Spans dropped so far: queue full, exporter closed, or collector failed. */
  public long dropped() {
    return dropped.get();
  }

  /** Spans the collector accepted so far. */
  public long exported() {
    return exported.get();
  }

  public URI collector() {
    return collector;
  }

  /** Stops taking spans, sends what is queued (bounded wait), and stops the thread. */
  @Override
  public void close() {
    isClosed = true;
    sender.interrupt();
    try {
      sender.join(TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<Span> batch = new ArrayList<>(BATCH);
    try {
      while (!isClosed || !queue.isEmpty()) {
        reportDrops();
        Span first = isClosed ? queue.poll() : queue.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        send(batch);
        batch.clear();
      }
    } catch (InterruptedException e) {
      queue.drainTo(batch);
      while (!batch.isEmpty()) {
        List<Span> part = batch.subList(0, Math.min(BATCH, batch.size()));
        try {
          send(new ArrayList<>(part));
        } catch (InterruptedException again) {
          dropped.addAndGet(part.size());
        }
        part.clear();
      }
    }
  }

  private void send(List<Span> batch) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(collector)
            .timeout(TIMEOUT)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(ZipkinJson.encode(batch)))
            .build();
    try {
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 == 2) {
        exported.addAndGet(batch.size());
        return;
      }
      log.atWarn()
          .addKeyValue("collector", collector)
          .addKeyValue("status", response.statusCode())
          .addKeyValue("spans", batch.size())
          .log("zipkin collector refused spans");
    } catch (IOException e) {
      log.atWarn()
          .addKeyValue("collector", collector)
          .addKeyValue("error", e.toString())
          .addKeyValue("spans", batch.size())
          .log("spans not sent to the zipkin collector");
    }
    dropped.addAndGet(batch.size());
  }

  /** At most every 10 s, a WARN with the spans dropped since the last one. */
  private void reportDrops() {
    long drops = dropped.get();
    long now = System.nanoTime();
    if (drops > reportedDrops && now - lastDropReport >= DROP_REPORT_NANOS) {
      log.atWarn()
          .addKeyValue("collector", collector)
          .addKeyValue("dropped", drops - reportedDrops)
          .addKeyValue("droppedTotal", drops)
          .log("spans dropped");
      reportedDrops = drops;
      lastDropReport = now;
    }
  }
}
