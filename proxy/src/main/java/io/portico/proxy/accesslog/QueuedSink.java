package io.portico.proxy.accesslog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink with a bounded queue and one writer thread: event loops offer lines, the thread takes them
 * in batches and writes them with {@link #write}; an I/O failure makes it {@link #reset} and retry
 * the batch after a back-off (1 ms doubling to 5 s), lines queued meanwhile staying bounded.
 */
abstract class QueuedSink implements AccessLogSink {
  private static final Logger log = LoggerFactory.getLogger(QueuedSink.class);

  /** Lines a sink holds before it drops new ones. */
  static final int CAPACITY = 16 * 1024;

  private static final int BATCH = 512;
  private static final long MAX_BACKOFF_MILLIS = 5_000;
  private static final long DROP_REPORT_NANOS = 10_000_000_000L;

  private final BlockingQueue<String> queue;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final Thread writer;
  private final String description;
  private volatile boolean isClosed;
  private long reportedDrops;
  private long lastDropReport;

  QueuedSink(String description, int capacity) {
    this.description = description;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = new Thread(this::run, "access-log " + description);
    this.writer.setDaemon(true);
  }

  /** Starts the writer thread; called once by the factory. */
  final void start() {
    writer.start();
  }

  @Override
  public final boolean offer(String line) {
    if (isClosed || !queue.offer(line)) {
      dropped.incrementAndGet();
      return false;
    }
    return true;
  }

  @Override
  public final long dropped() {
    return dropped.get();
  }

  @Override
  public final long written() {
    return written.get();
  }

  @Override
  public final void close() {
    isClosed = true;
    writer.interrupt();
    try {
      writer.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes a batch of lines (each ends with a newline) and flushes. */
  abstract void write(List<String> lines) throws IOException;

  /** Writes a batch of lines to {@code out} in one write, then flushes. */
  static void writeBatch(OutputStream out, List<String> lines) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line);
    }
    out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Drops the file handle or connection after a failure; the next write opens a new one. */
  abstract void reset();

  /** At most every 10 s, a WARN with the lines dropped since the last one. */
  private void reportDrops() {
    long drops = dropped.get();
    long now = System.nanoTime();
    if (drops > reportedDrops && now - lastDropReport >= DROP_REPORT_NANOS) {
      log.atWarn()
          .addKeyValue("sink", description)
          .addKeyValue("dropped", drops - reportedDrops)
          .addKeyValue("droppedTotal", drops)
          .log("access log lines dropped: the sink falls behind");
      reportedDrops = drops;
      lastDropReport = now;
    }
  }

  private void run() {
    List<String> batch = new ArrayList<>(BATCH);
    long backoff = 1;
    try {
      while (true) {
        reportDrops();
        if (batch.isEmpty()) {
          if (isClosed && queue.isEmpty()) {
            return;
          }
          String first = isClosed ? queue.poll() : queue.poll(1, TimeUnit.SECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          queue.drainTo(batch, BATCH - 1);
        }
        try {
          write(batch);
          written.addAndGet(batch.size());
          batch.clear();
          backoff = 1;
        } catch (IOException e) {
          log.atWarn()
              .addKeyValue("sink", description)
              .addKeyValue("error", e.toString())
              .log("access log write failed, retrying");
          reset();
          if (isClosed) {
            dropped.addAndGet(batch.size() + queue.size());
            return;
          }
          Thread.sleep(backoff);
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
      }
    } catch (InterruptedException e) {
      // Closing: write what is queued once more, without waiting.
      try {
        queue.drainTo(batch);
        if (!batch.isEmpty()) {
          write(batch);
          written.addAndGet(batch.size());
        }
      } catch (IOException ignored) {
        dropped.addAndGet(batch.size());
      }
    } finally {
      reset();
    }
  }
}
