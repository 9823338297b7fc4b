package io.portico.cp.store.jdbc;

import io.portico.cp.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a second control plane from opening the same SQLite database: an exclusive OS lock on
 * {@code <database>.lock}, held while the store is open and released by the OS when the process
 * dies (even on {@code kill -9}). The file holds the owner's pid for the error message; it is left
 * in place on close, since deleting it could race with a new owner.
 */
final class SqliteFileLock implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private SqliteFileLock(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks the database, or fails naming who holds it.
   *
   * @throws StoreException when another process (or this one) already has the database open
   */
  static SqliteFileLock acquire(Path database, String location) {
    Path path = database.resolveSibling(database.getFileName() + ".lock");
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StoreException(location + ": cannot create the lock file " + path + ": " + e, e);
    }
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = readHolder(channel);
        channel.close();
        throw new StoreException(
            location
                + " is already open by another control plane ("
                + (holder.isEmpty() ? "unknown process" : holder)
                + " holds "
                + path
                + "); a SQLite store serves one control plane: stop the other one, or use the"
                + " postgres store to run several");
      }
      String owner = "pid " + ProcessHandle.current().pid();
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)), 0);
      return new SqliteFileLock(path, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StoreException(location + ": cannot lock " + path + ": " + e, e);
    }
  }

  private static String readHolder(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64);
    int n = channel.read(buffer, 0);
    return n <= 0 ? "" : new String(buffer.array(), 0, n, StandardCharsets.UTF_8).trim();
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // already failing; the original error is what matters
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }

  @Override
  public String toString() {
    return "lock " + path;
  }
}
