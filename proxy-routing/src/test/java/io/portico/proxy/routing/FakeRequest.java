package io.portico.proxy.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A request built in a test: method, path, query parameters and headers. */
final class FakeRequest implements RequestView {
  private final String method;
  private final String path;
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private final Map<String, List<String>> query = new LinkedHashMap<>();

  private FakeRequest(String method, String path) {
    this.method = method;
    this.path = path;
  }

  static FakeRequest get(String path) {
    return new FakeRequest("GET", path);
  }

  static FakeRequest of(String method, String path) {
    return new FakeRequest(method, path);
  }

  FakeRequest header(String name, String value) {
    headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
    return this;
  }

  FakeRequest query(String name, String value) {
    query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    return this;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null ? null : String.join(",", values);
  }

  @Override
  public String queryParameter(String name) {
    List<String> values = query.get(name);
    return values == null ? null : values.get(0);
  }

  @Override
  public String toString() {
    return method + " " + path + " headers=" + headers + " query=" + query;
  }
}
