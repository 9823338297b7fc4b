package io.portico.proxy.fault;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Matches the {@code x-kuma-tags} header ({@code &k1=v1&&k2=v2,v3&}, spec gateway.md §2.6) against
 * a source selector: every tag must be present with that value among its values; a value {@code *}
 * only requires the key. Scans the header without allocating.
 */
public final class KumaTagsMatcher {
  private final String[] needles;
  private final String[] values;
  private final Map<String, String> tags;

  public KumaTagsMatcher(Map<String, String> tags) {
    this.tags = new TreeMap<>(Objects.requireNonNull(tags, "tags"));
    List<Map.Entry<String, String>> entries = List.copyOf(this.tags.entrySet());
    needles = new String[entries.size()];
    values = new String[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      needles[i] = "&" + entries.get(i).getKey() + "=";
      values[i] = entries.get(i).getValue();
    }
  }

  public Map<String, String> tags() {
    return tags;
  }

  /** Whether {@code header} (null = absent) carries every tag. */
  public boolean matches(CharSequence header) {
    if (needles.length == 0) {
      return true;
    }
    if (header == null) {
      return false;
    }
    String text = header.toString();
    for (int i = 0; i < needles.length; i++) {
      int at = text.indexOf(needles[i]);
      if (at < 0) {
        return false;
      }
      if (values[i].equals("*")) {
        continue;
      }
      int start = at + needles[i].length();
      int end = text.indexOf('&', start);
      if (end < 0) {
        end = text.length();
      }
      if (!containsValue(text, start, end, values[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean containsValue(String text, int start, int end, String value) {
    int from = start;
    while (from <= end) {
      int comma = text.indexOf(',', from);
      int stop = comma < 0 || comma > end ? end : comma;
      if (stop - from == value.length() && text.regionMatches(from, value, 0, value.length())) {
        return true;
      }
      from = stop + 1;
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KumaTagsMatcher other && other.tags.equals(tags);
  }

  @Override
  public int hashCode() {
    return tags.hashCode();
  }

  @Override
  public String toString() {
    return tags.toString();
  }
}
