package io.portico.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;
import io.portico.proxy.config.Header;
import io.portico.proxy.config.HeaderMutation;
import io.portico.proxy.config.HttpListenerConfig;
import io.portico.proxy.config.RouteConfig;
import io.portico.proxy.config.VirtualHostConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The header rules of the proxy in one place: hop-by-hop headers (RFC 9110 §7.6.1) never cross it;
 * route mutations apply removals, then sets, then adds (spec gateway.md §3.4); responses get the
 * virtual host's headers and the listener's {@code server}.
 */
final class HeaderRewrites {
  private HeaderRewrites() {}

  /**
   * Removes hop-by-hop headers (RFC 9110 §7.6.1: the fixed ones and those {@code Connection} names)
   * and the {@code x-http2-*} headers of Netty's HTTP/2 conversion, in one pass over the headers:
   * most messages have none, and then nothing else is done.
   */
  static void removeHopByHopAndHttp2Extensions(HttpHeaders headers) {
    List<CharSequence> remove = null;
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
        it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> header = it.next();
      CharSequence name = header.getKey();
      if (isHopByHop(name)) {
        remove = with(remove, name);
        if (HttpHeaderNames.CONNECTION.contentEqualsIgnoreCase(name)) {
          for (String token : header.getValue().toString().split(",")) {
            String named = token.trim();
            if (!named.isEmpty()
                && !HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(named)) {
              remove = with(remove, named);
            }
          }
        }
      } else if (isHttp2Extension(name)) {
        remove = with(remove, name);
      }
    }
    if (remove != null) {
      for (int i = 0; i < remove.size(); i++) {
        headers.remove(remove.get(i));
      }
    }
  }

  /** Removes the headers that Netty's HTTP/2 conversion adds for its own use. */
  static void removeHttp2Extensions(HttpHeaders headers) {
    for (HttpConversionUtil.ExtensionHeaderNames name :
        HttpConversionUtil.ExtensionHeaderNames.values()) {
      headers.remove(name.text());
    }
  }

  private static List<CharSequence> with(List<CharSequence> list, CharSequence name) {
    List<CharSequence> out = list == null ? new ArrayList<>(4) : list;
    out.add(name);
    return out;
  }

  private static boolean isHopByHop(CharSequence name) {
    return switch (name.length()) {
      case 2 -> HttpHeaderNames.TE.contentEqualsIgnoreCase(name);
      case 7 ->
          HttpHeaderNames.TRAILER.contentEqualsIgnoreCase(name)
              || HttpHeaderNames.UPGRADE.contentEqualsIgnoreCase(name);
      case 10 ->
          HttpHeaderNames.CONNECTION.contentEqualsIgnoreCase(name)
              || HttpHeaderNames.KEEP_ALIVE.contentEqualsIgnoreCase(name);
      case 16 -> HttpHeaderNames.PROXY_CONNECTION.contentEqualsIgnoreCase(name);
      case 18 -> HttpHeaderNames.PROXY_AUTHENTICATE.contentEqualsIgnoreCase(name);
      case 19 -> HttpHeaderNames.PROXY_AUTHORIZATION.contentEqualsIgnoreCase(name);
      default -> false;
    };
  }

  private static final AsciiString HTTP2_EXTENSION_PREFIX = AsciiString.of("x-http2-");

  private static boolean isHttp2Extension(CharSequence name) {
    if (name.length() <= HTTP2_EXTENSION_PREFIX.length()
        || !AsciiString.regionMatches(
            name, true, 0, HTTP2_EXTENSION_PREFIX, 0, HTTP2_EXTENSION_PREFIX.length())) {
      return false;
    }
    for (HttpConversionUtil.ExtensionHeaderNames extension :
        HttpConversionUtil.ExtensionHeaderNames.values()) {
      if (extension.text().contentEqualsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  static void apply(HttpHeaders headers, HeaderMutation mutation) {
    if (mutation.isEmpty()) {
      return;
    }
    for (String name : mutation.remove()) {
      headers.remove(name);
    }
    for (Header header : mutation.set()) {
      headers.set(header.name(), header.value());
    }
    for (Header header : mutation.add()) {
      headers.add(header.name(), header.value());
    }
  }

  static void add(HttpHeaders headers, List<Header> additions) {
    for (int i = 0; i < additions.size(); i++) {
      Header header = additions.get(i);
      headers.add(header.name(), header.value());
    }
  }

  /** What every response of a route gets: its mutations, the virtual host's, the server. */
  static void decorate(
      HttpHeaders headers,
      HttpListenerConfig listener,
      VirtualHostConfig virtualHost,
      RouteConfig route) {
    if (route != null) {
      apply(headers, route.responseHeaders());
    }
    if (virtualHost != null) {
      add(headers, virtualHost.responseHeaders());
    }
    if (listener != null && !listener.serverHeader().isEmpty()) {
      headers.set(HttpHeaderNames.SERVER, listener.serverHeader());
    }
  }

  /**
   * Fixes the framing and persistence of a response for its downstream: a body of unknown length is
   * chunked for HTTP/1.1 clients and delimited by close for HTTP/1.0 ones.
   *
   * @return whether the downstream connection stays open after this response
   */
  static boolean frameForDownstream(
      HttpResponse response, HttpVersion requestVersion, boolean isHead, boolean keepAlive) {
    HttpHeaders headers = response.headers();
    int code = response.status().code();
    boolean hasBody = !isHead && code >= 200 && code != 204 && code != 304;
    boolean isChunked = HttpUtil.isTransferEncodingChunked(response);
    if (hasBody && !isChunked && !HttpUtil.isContentLengthSet(response)) {
      if (requestVersion.minorVersion() >= 1 && requestVersion.majorVersion() == 1) {
        headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      } else {
        keepAlive = false;
      }
    } else if (isChunked && requestVersion.minorVersion() == 0) {
      headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
      keepAlive = false;
    }
    response.setProtocolVersion(HttpVersion.HTTP_1_1);
    if (requestVersion.minorVersion() == 0) {
      if (keepAlive) {
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      }
    } else if (!keepAlive) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return keepAlive;
  }
}
