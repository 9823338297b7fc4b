package io.portico.mesh.api.policy.targetref;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.portico.mesh.api.ResourceSpec;
import io.portico.mesh.api.SpecValues;
import java.util.List;

/**
 * The spec of a MeshAccessLog (spec/core.md §4.4): access logs of the proxies selected by {@code
 * targetRef}, for traffic to ({@code to}) and from ({@code from}) the given subsets.
 *
 * @param targetRef the proxies that log
 * @param to outbound subsets (Mesh or MeshService) and their logging
 * @param from inbound subsets (Mesh) and their logging
 */
public record MeshAccessLogSpec(TargetRef targetRef, List<Item> to, List<Item> from)
    implements ResourceSpec {
  public MeshAccessLogSpec {
    to = SpecValues.list(to);
    from = SpecValues.list(from);
  }

  /**
   * A traffic subset and its logging.
   *
   * @param targetRef the peers
   * @param defaultConf the logging ({@code default} in YAML)
   */
  public record Item(TargetRef targetRef, @JsonProperty("default") Conf defaultConf) {}

  /**
   * Logging backends; an empty list turns logging off.
   *
   * @param backends where to log
   */
  public record Conf(List<Backend> backends) {
    public Conf {
      backends = SpecValues.list(backends);
    }
  }

  /**
   * Exactly one of a TCP and a file backend.
   *
   * @param tcp send log lines to a TCP collector
   * @param file append log lines to a file
   */
  public record Backend(TcpBackend tcp, FileBackend file) {}

  /**
   * A TCP log collector.
   *
   * @param format the line format; unset means Kuma's default
   * @param address {@code host:port} of the collector
   */
  public record TcpBackend(Format format, String address) {
    public TcpBackend {
      address = SpecValues.text(address);
    }
  }

  /**
   * A log file.
   *
   * @param format the line format; unset means Kuma's default
   * @param path the file path
   */
  public record FileBackend(Format format, String path) {
    public FileBackend {
      path = SpecValues.text(path);
    }
  }

  /**
   * Exactly one of a plain Envoy format string and a JSON object of formatted values.
   *
   * @param plain an Envoy access-log format string
   * @param json the keys and format values of a JSON log line
   */
  public record Format(String plain, List<JsonValue> json) {
    public Format {
      plain = SpecValues.text(plain);
      json = SpecValues.list(json);
    }
  }

  /**
   * One key of a JSON log line.
   *
   * @param key the JSON key
   * @param value an Envoy format string
   */
  public record JsonValue(String key, String value) {
    public JsonValue {
      key = SpecValues.text(key);
      value = SpecValues.text(value);
    }
  }
}
