package io.portico.proxy.accesslog;

import io.netty.handler.codec.http.HttpHeaders;
import io.portico.format.AccessLogGrammar;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An access log format compiled once per config: Envoy's command operators ({@code %COMMAND%},
 * {@code %COMMAND(arg)%}, {@code %COMMAND(arg):maxLength%}) and Kuma's {@code %KUMA_*%} operators
 * (spec core.md §1.3), whose values are fixed per listener and become literal text here. A missing
 * value is written {@code -}, as Envoy does; HTTP-only operators write {@code -} for TCP.
 *
 * <p>Supported operators: {@code START_TIME} (Envoy's default {@code 2023-01-02T03:04:05.678Z}, or
 * a strftime pattern with {@code %Y %m %d %H %M %S %z %s %f %3f %6f %9f}), {@code REQ(H?ALT):N},
 * {@code RESP(H?ALT):N} (pseudo headers {@code :METHOD}, {@code :PATH}, {@code :AUTHORITY}, {@code
 * :SCHEME}), {@code PROTOCOL}, {@code RESPONSE_CODE}, {@code RESPONSE_FLAGS}, {@code
 * BYTES_RECEIVED}, {@code BYTES_SENT}, {@code DURATION}, {@code UPSTREAM_HOST}, {@code
 * UPSTREAM_CLUSTER}, {@code DOWNSTREAM_REMOTE_ADDRESS}, {@code DOWNSTREAM_DIRECT_REMOTE_ADDRESS},
 * {@code DOWNSTREAM_LOCAL_ADDRESS} (each also {@code _WITHOUT_PORT}), {@code KUMA_MESH}, {@code
 * KUMA_SOURCE_SERVICE}, {@code KUMA_DESTINATION_SERVICE}, {@code KUMA_SOURCE_ADDRESS}, {@code
 * KUMA_SOURCE_ADDRESS_WITHOUT_PORT}, {@code KUMA_TRAFFIC_DIRECTION}.
 */
public final class AccessLogFormat {
  /** Kuma's default format for HTTP traffic (kumahq/kuma listeners/v3, Kuma 2.0). */
  public static final String DEFAULT_HTTP =
      "[%START_TIME%] %KUMA_MESH% \"%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%\""
          + " %RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION%"
          + " %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% \"%REQ(X-FORWARDED-FOR)%\" \"%REQ(USER-AGENT)%\""
          + " \"%REQ(X-B3-TRACEID?X-DATADOG-TRACEID)%\" \"%REQ(X-REQUEST-ID)%\" \"%REQ(:AUTHORITY)%\""
          + " \"%KUMA_SOURCE_SERVICE%\" \"%KUMA_DESTINATION_SERVICE%\""
          + " \"%KUMA_SOURCE_ADDRESS_WITHOUT_PORT%\" \"%UPSTREAM_HOST%\"\n";

  /** Kuma's default format for TCP traffic. */
  public static final String DEFAULT_TCP =
      "[%START_TIME%] %RESPONSE_FLAGS% %KUMA_MESH%"
          + " %KUMA_SOURCE_ADDRESS_WITHOUT_PORT%(%KUMA_SOURCE_SERVICE%)->%UPSTREAM_HOST%"
          + "(%KUMA_DESTINATION_SERVICE%) took %DURATION%ms, sent %BYTES_SENT% bytes, received:"
          + " %BYTES_RECEIVED% bytes\n";

  /** The per-listener values of Kuma's operators. */
  public record KumaValues(
      String mesh,
      String sourceService,
      String destinationService,
      String sourceAddress,
      String trafficDirection) {
    public KumaValues {
      Objects.requireNonNull(mesh, "mesh");
      Objects.requireNonNull(sourceService, "sourceService");
      Objects.requireNonNull(destinationService, "destinationService");
      Objects.requireNonNull(sourceAddress, "sourceAddress");
      Objects.requireNonNull(trafficDirection, "trafficDirection");
    }
  }

  private final String source;
  private final Segment[] segments;

  private AccessLogFormat(String source, List<Segment> segments) {
    this.source = source;
    this.segments = segments.toArray(new Segment[0]);
  }

  /** The format as configured. */
  public String source() {
    return source;
  }

  /**
   * Compiles {@code format}.
   *
   * @throws IllegalArgumentException naming every unknown or malformed operator
   */
  public static AccessLogFormat compile(String format, KumaValues kuma) {
    AccessLogGrammar.Parsed parsed = AccessLogGrammar.parse(format);
    if (!parsed.errors().isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", parsed.errors()));
    }
    List<Segment> segments = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    for (AccessLogGrammar.Token token : parsed.tokens()) {
      Segment segment =
          token instanceof AccessLogGrammar.Text text
              ? new Literal(text.text())
              : segment((AccessLogGrammar.Command) token, kuma);
      if (segment instanceof Literal text) {
        literal.append(text.text);
      } else {
        if (!literal.isEmpty()) {
          segments.add(new Literal(literal.toString()));
          literal.setLength(0);
        }
        segments.add(segment);
      }
    }
    if (literal.isEmpty() || literal.charAt(literal.length() - 1) != '\n') {
      literal.append('\n');
    }
    segments.add(new Literal(literal.toString()));
    return new AccessLogFormat(format, segments);
  }

  /** What renders a command the grammar accepted. */
  private static Segment segment(AccessLogGrammar.Command command, KumaValues kuma) {
    int maxLength = command.maxLength();
    return switch (command.name()) {
      case "REQ", "RESP" ->
          new HeaderValue(
              command.name().equals("REQ"),
              command.headers().get(0),
              command.headers().size() == 2 ? command.headers().get(1) : null,
              maxLength);
      case "START_TIME" -> new StartTime(command.timePattern());
      case "KUMA_MESH" -> kumaValue(kuma.mesh(), maxLength);
      case "KUMA_SOURCE_SERVICE" -> kumaValue(kuma.sourceService(), maxLength);
      case "KUMA_DESTINATION_SERVICE" -> kumaValue(kuma.destinationService(), maxLength);
      case "KUMA_SOURCE_ADDRESS" -> kumaValue(kuma.sourceAddress(), maxLength);
      case "KUMA_SOURCE_ADDRESS_WITHOUT_PORT" ->
          kumaValue(withoutPort(kuma.sourceAddress()), maxLength);
      case "KUMA_TRAFFIC_DIRECTION" -> kumaValue(kuma.trafficDirection(), maxLength);
      default -> new Field(Field.Kind.valueOf(command.name()), maxLength);
    };
  }

  private static Literal kumaValue(String value, int maxLength) {
    String text = value.isEmpty() ? "-" : value;
    return new Literal(
        maxLength >= 0 && text.length() > maxLength ? text.substring(0, maxLength) : text);
  }

  static String withoutPort(String address) {
    if (address.startsWith("[")) {
      int end = address.indexOf(']');
      return end > 0 ? address.substring(1, end) : address;
    }
    int colon = address.lastIndexOf(':');
    return colon > 0 && address.indexOf(':') == colon ? address.substring(0, colon) : address;
  }

  /** Appends the line of {@code entry}, newline included. */
  public void append(StringBuilder out, AccessLogEntry entry) {
    for (Segment segment : segments) {
      segment.append(out, entry);
    }
  }

  /** The line of {@code entry}, newline included. */
  public String format(AccessLogEntry entry) {
    StringBuilder out = new StringBuilder(256);
    append(out, entry);
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccessLogFormat other && other.source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }

  // ------------------------------------------------------------------------------------------
  // Segments

  private sealed interface Segment permits Literal, Field, HeaderValue, StartTime {
    void append(StringBuilder out, AccessLogEntry entry);
  }

  private record Literal(String text) implements Segment {
    @Override
    public void append(StringBuilder out, AccessLogEntry entry) {
      out.append(text);
    }
  }

  private static void appendTruncated(StringBuilder out, CharSequence value, int maxLength) {
    if (value == null || value.isEmpty()) {
      out.append('-');
    } else if (maxLength >= 0 && value.length() > maxLength) {
      out.append(value, 0, maxLength);
    } else {
      out.append(value);
    }
  }

  private record Field(Kind kind, int maxLength) implements Segment {
    enum Kind {
      PROTOCOL,
      RESPONSE_CODE,
      RESPONSE_FLAGS,
      BYTES_RECEIVED,
      BYTES_SENT,
      DURATION,
      UPSTREAM_HOST,
      UPSTREAM_CLUSTER,
      DOWNSTREAM_REMOTE_ADDRESS,
      DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT,
      DOWNSTREAM_DIRECT_REMOTE_ADDRESS,
      DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT,
      DOWNSTREAM_LOCAL_ADDRESS,
      DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT
    }

    @Override
    public void append(StringBuilder out, AccessLogEntry e) {
      switch (kind) {
        case PROTOCOL -> appendTruncated(out, e.isHttp ? e.protocol : null, maxLength);
        case RESPONSE_CODE -> out.append(e.responseCode);
        case RESPONSE_FLAGS -> appendTruncated(out, e.responseFlags, maxLength);
        case BYTES_RECEIVED -> out.append(e.bytesReceived);
        case BYTES_SENT -> out.append(e.bytesSent);
        case DURATION -> {
          if (e.durationMillis < 0) {
            out.append('-');
          } else {
            out.append(e.durationMillis);
          }
        }
        case UPSTREAM_HOST -> appendTruncated(out, e.upstreamHost, maxLength);
        case UPSTREAM_CLUSTER -> appendTruncated(out, e.upstreamCluster, maxLength);
        case DOWNSTREAM_REMOTE_ADDRESS, DOWNSTREAM_DIRECT_REMOTE_ADDRESS ->
            appendAddress(out, e.downstreamRemote, true);
        case DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT,
            DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT ->
            appendAddress(out, e.downstreamRemote, false);
        case DOWNSTREAM_LOCAL_ADDRESS -> appendAddress(out, e.downstreamLocal, true);
        case DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT -> appendAddress(out, e.downstreamLocal, false);
      }
    }

    private static void appendAddress(StringBuilder out, SocketAddress address, boolean port) {
      if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
        String host = inet.getAddress().getHostAddress();
        boolean isV6 = host.indexOf(':') >= 0;
        if (port && isV6) {
          out.append('[').append(host).append(']');
        } else {
          out.append(host);
        }
        if (port) {
          out.append(':').append(inet.getPort());
        }
      } else {
        out.append('-');
      }
    }
  }

  private record HeaderValue(boolean isRequest, String name, String alternative, int maxLength)
      implements Segment {
    @Override
    public void append(StringBuilder out, AccessLogEntry e) {
      if (!e.isHttp) {
        out.append('-');
        return;
      }
      CharSequence value = lookup(e, name);
      if (value == null && alternative != null) {
        value = lookup(e, alternative);
      }
      appendTruncated(out, value, maxLength);
    }

    private CharSequence lookup(AccessLogEntry e, String header) {
      if (isRequest) {
        switch (header) {
          case ":method":
            return e.method;
          case ":path":
            return e.path;
          case ":authority":
            return e.requestHeaders == null ? null : e.requestHeaders.get("host");
          case ":scheme":
            return e.requestHeaders == null ? null : e.requestHeaders.get("x-forwarded-proto");
          default:
            break;
        }
      }
      HttpHeaders headers = isRequest ? e.requestHeaders : e.responseHeaders;
      return headers == null ? null : headers.get(header);
    }
  }

  private record StartTime(String pattern) implements Segment {
    @Override
    public void append(StringBuilder out, AccessLogEntry e) {
      ZonedDateTime time = Instant.ofEpochMilli(e.startEpochMillis).atZone(ZoneOffset.UTC);
      if (pattern == null) {
        pad(out, time.getYear(), 4).append('-');
        pad(out, time.getMonthValue(), 2).append('-');
        pad(out, time.getDayOfMonth(), 2).append('T');
        pad(out, time.getHour(), 2).append(':');
        pad(out, time.getMinute(), 2).append(':');
        pad(out, time.getSecond(), 2).append('.');
        pad(out, (int) (e.startEpochMillis % 1000), 3).append('Z');
        return;
      }
      for (int i = 0; i < pattern.length(); i++) {
        char c = pattern.charAt(i);
        if (c != '%') {
          out.append(c);
          continue;
        }
        char s = pattern.charAt(++i);
        int digits = 9;
        if (s == '3' || s == '6' || s == '9') {
          digits = s - '0';
          s = pattern.charAt(++i);
        }
        int millis = (int) (e.startEpochMillis % 1000);
        switch (s) {
          case 'Y' -> pad(out, time.getYear(), 4);
          case 'm' -> pad(out, time.getMonthValue(), 2);
          case 'd' -> pad(out, time.getDayOfMonth(), 2);
          case 'H' -> pad(out, time.getHour(), 2);
          case 'M' -> pad(out, time.getMinute(), 2);
          case 'S' -> pad(out, time.getSecond(), 2);
          case 'z' -> out.append("+0000");
          case 's' -> out.append(e.startEpochMillis / 1000);
          default -> {
            String nanos = String.format(Locale.ROOT, "%09d", millis * 1_000_000L);
            out.append(nanos, 0, digits);
          }
        }
      }
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
      String text = Integer.toString(value);
      for (int i = text.length(); i < width; i++) {
        out.append('0');
      }
      return out.append(text);
    }
  }
}
