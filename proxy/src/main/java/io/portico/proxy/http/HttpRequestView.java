package io.portico.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.portico.proxy.routing.HostTable;
import io.portico.proxy.routing.PathNormalizer;
import io.portico.proxy.routing.RequestView;
import java.util.List;
import java.util.Map;

/**
 * A request as route matching sees it, over Netty's request object: the request target is split
 * once into authority (absolute form), normalized path and raw query; query parameters are decoded
 * only when a route asks for one.
 */
final class HttpRequestView implements RequestView {
  private final HttpRequest request;
  private final String authority;
  private final String path;
  private final String rawQuery;
  private Map<String, List<String>> parameters;

  HttpRequestView(HttpRequest request) {
    this.request = request;
    String uri = request.uri();
    String authorityFromUri = null;
    int start = 0;
    int scheme = uri.indexOf("://");
    if (scheme > 0 && uri.charAt(0) != '/') {
      int authorityStart = scheme + 3;
      int pathStart = authorityStart;
      while (pathStart < uri.length() && "/?#".indexOf(uri.charAt(pathStart)) < 0) {
        pathStart++;
      }
      authorityFromUri = uri.substring(authorityStart, pathStart);
      start = pathStart;
    }
    int end = uri.indexOf('#', start);
    end = end < 0 ? uri.length() : end;
    int question = uri.indexOf('?', start);
    if (question >= 0 && question < end) {
      this.path = PathNormalizer.normalize(uri.substring(start, question));
      this.rawQuery = uri.substring(question + 1, end);
    } else {
      this.path =
          PathNormalizer.normalize(
              start == 0 && end == uri.length() ? uri : uri.substring(start, end));
      this.rawQuery = null;
    }
    String host = request.headers().get(HttpHeaderNames.HOST);
    this.authority =
        authorityFromUri != null && !authorityFromUri.isEmpty()
            ? authorityFromUri
            : host == null ? "" : host;
  }

  /** The request's authority: the absolute-form target's, else the Host header; may be empty. */
  String authority() {
    return authority;
  }

  /** The authority without port, lower case, as virtual host selection compares it. */
  String hostName() {
    return HostTable.normalize(authority);
  }

  /** The raw query string (without {@code ?}); {@code null} when the target has none. */
  String rawQuery() {
    return rawQuery;
  }

  /** The origin-form target for a path: the path and the raw query. */
  String target(String newPath) {
    return rawQuery == null ? newPath : newPath + "?" + rawQuery;
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String header(String name) {
    HttpHeaders headers = request.headers();
    List<String> values = headers.getAll(name);
    if (values.isEmpty()) {
      return null;
    }
    return values.size() == 1 ? values.get(0) : String.join(",", values);
  }

  @Override
  public String queryParameter(String name) {
    if (rawQuery == null) {
      return null;
    }
    if (parameters == null) {
      parameters = new QueryStringDecoder(rawQuery, false).parameters();
    }
    List<String> values = parameters.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
