package io.portico.proxy.accesslog;

/**
 * Where access log lines go. {@link #offer} never blocks: lines go to a bounded queue that one
 * writer thread drains; when the queue is full the line is dropped and counted.
 */
public interface AccessLogSink extends AutoCloseable {
  /** Queues a line (ending with a newline); false when it was dropped. */
  boolean offer(String line);

  /** Lines dropped so far (queue full, sink closed). */
  long dropped();

  /** Lines written so far. */
  long written();

  /** Stops the writer after it wrote what is queued (bounded wait). */
  @Override
  void close();
}
