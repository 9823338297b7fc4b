package io.portico.proxy.accesslog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Appends lines to a file, opened (and created) by the writer thread on first write. */
final class FileSink extends QueuedSink {
  private final Path path;
  private OutputStream out;

  FileSink(Path path, int capacity) {
    super("file:" + path, capacity);
    this.path = path;
  }

  @Override
  void write(List<String> lines) throws IOException {
    if (out == null) {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    writeBatch(out, lines);
  }

  @Override
  void reset() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException ignored) {
        // The handle is dropped either way.
      }
      out = null;
    }
  }
}
