package io.portico.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One page of a list answer (spec/core.md §5.4): {@code {total, items, next}}.
 *
 * @param total how many items match in all pages
 * @param items this page's items in Universal JSON form
 * @param next the absolute URL of the next page, or empty on the last page
 */
public record ResourcePage(long total, List<JsonNode> items, String next) {
  public ResourcePage {
    items = List.copyOf(items);
    next = next == null ? "" : next;
  }

  /** The {@code offset} query parameter of {@link #next()}; empty on the last page. */
  public String nextOffset() {
    if (next.isEmpty()) {
      return "";
    }
    String query = URI.create(next).getRawQuery();
    if (query == null) {
      return "";
    }
    for (String param : query.split("&")) {
      int eq = param.indexOf('=');
      String key = eq < 0 ? param : param.substring(0, eq);
      if (key.equals("offset")) {
        return eq < 0 ? "" : URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return "";
  }
}
