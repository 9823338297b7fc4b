package io.portico.cp.compiler.sidecar;

import io.portico.mesh.api.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code x-kuma-tags} header condition through which an inbound recognizes the callers that a
 * policy's {@code sources} select (spec/gateway.md §4.5 "x-kuma-tags contract", Kuma's {@code
 * tags.MatchSourceRegex}). The header is {@code &k1=v1&&k2=v2,v3&} with sorted keys and sorted
 * values, so a selector becomes one whole-value regular expression with its tags in key order: for
 * each tag {@code &key=} then the value as one of the comma-separated values ({@code *}: any), and
 * selectors are OR-ed.
 *
 * <p>Unlike Kuma's expression ({@code [^&]*value[,&]}), a value must be a whole element of the
 * list: {@code gw} does not match {@code my-gw}.
 */
final class SourceTagsMatch {
  private static final String META = "\\.+*?()|[]{}^$";

  private SourceTagsMatch() {}

  /** The regular expression matching a header of a caller selected by one of {@code sources}. */
  static String regex(List<Selector> sources) {
    List<String> alternatives = new ArrayList<>();
    for (Selector selector : sources) {
      if (selector != null) {
        alternatives.add(selectorRegex(selector.match()));
      }
    }
    if (alternatives.size() == 1) {
      return alternatives.get(0);
    }
    return "(?:" + String.join(")|(?:", alternatives) + ")";
  }

  private static String selectorRegex(Map<String, String> tags) {
    StringBuilder regex = new StringBuilder(".*");
    new TreeMap<>(tags)
        .forEach(
            (key, value) -> {
              regex.append('&').append(escape(key)).append('=');
              if (!Selector.WILDCARD.equals(value)) {
                regex.append("(?:[^&]*,)?").append(escape(value)).append("[,&]");
              }
              regex.append(".*");
            });
    return regex.toString();
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 4);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (META.indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
