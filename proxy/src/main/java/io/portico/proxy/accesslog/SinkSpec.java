package io.portico.proxy.accesslog;

import java.util.Objects;

/**
 * Which sink a listener logs to: a file path or a TCP collector's {@code host:port}. Listeners with
 * equal specs share one sink (one writer thread, one file handle or connection).
 */
public record SinkSpec(Kind kind, String target) {
  public enum Kind {
    FILE,
    TCP
  }

  public SinkSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
  }

  public static SinkSpec file(String path) {
    return new SinkSpec(Kind.FILE, path);
  }

  public static SinkSpec tcp(String address) {
    return new SinkSpec(Kind.TCP, address);
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + target;
  }
}
