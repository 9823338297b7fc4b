package io.portico.bench.routing;

import io.portico.proxy.routing.RequestView;
import java.util.List;
import java.util.Map;

/**
 * A request as route matching sees it, with a handful of headers the way a browser or an API client
 * sends them. Header names are lower case; lookups scan the few headers as an HTTP codec's header
 * list would.
 */
record BenchRequest(
    String method, String path, List<Map.Entry<String, String>> headers, Map<String, String> query)
    implements RequestView {
  BenchRequest {
    headers = List.copyOf(headers);
    query = Map.copyOf(query);
  }

  static BenchRequest get(String path, String... headerNamesAndValues) {
    List<Map.Entry<String, String>> headers = new java.util.ArrayList<>();
    headers.add(Map.entry("host", "api.example.com"));
    headers.add(Map.entry("user-agent", "wrk"));
    headers.add(Map.entry("accept", "*/*"));
    for (int i = 0; i + 1 < headerNamesAndValues.length; i += 2) {
      headers.add(Map.entry(headerNamesAndValues[i], headerNamesAndValues[i + 1]));
    }
    return new BenchRequest("GET", path, headers, Map.of());
  }

  @Override
  public String header(String name) {
    for (int i = 0; i < headers.size(); i++) {
      Map.Entry<String, String> header = headers.get(i);
      if (header.getKey().equals(name)) {
        return header.getValue();
      }
    }
    return null;
  }

  @Override
  public String queryParameter(String name) {
    return query.get(name);
  }
}
