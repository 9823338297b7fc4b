package io.portico.proxy.routing;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Virtual host selection by the request's Host (spec gateway.md §2.8): the Host's {@code :port} is
 * stripped and names compare case-insensitively; then an exact domain wins, else the longest
 * matching {@code *.suffix} wildcard (a pure suffix match: {@code *.example.com} matches {@code
 * a.example.com} and {@code a.b.example.com}, not {@code example.com}), else {@code *}, else
 * nothing.
 *
 * <p>Lookups cost one hash probe per label of the Host, whatever the number of domains: wildcards
 * are kept by their suffix ({@code *.example.com} as {@code .example.com}), and the Host's suffixes
 * are tried from its first dot on, so the first one found is the longest.
 *
 * @param <V> what a domain resolves to (the proxy's compiled virtual host)
 */
public final class HostTable<V> {
  private final Map<String, V> exact;
  private final Map<String, V> suffixes;
  private final V any;

  private HostTable(Map<String, V> exact, Map<String, V> suffixes, V any) {
    this.exact = Map.copyOf(exact);
    this.suffixes = Map.copyOf(suffixes);
    this.any = any;
  }

  public static <V> Builder<V> builder() {
    return new Builder<>();
  }

  /**
   * The virtual host for a Host header value (with or without port, any case); empty when no domain
   * matches.
   */
  public Optional<V> find(String host) {
    String name = normalize(host == null ? "" : host);
    V value = exact.get(name);
    if (value != null) {
      return Optional.of(value);
    }
    if (!suffixes.isEmpty()) {
      for (int dot = name.indexOf('.', 1); dot >= 0; dot = name.indexOf('.', dot + 1)) {
        value = suffixes.get(name.substring(dot));
        if (value != null) {
          return Optional.of(value);
        }
      }
    }
    return Optional.ofNullable(any);
  }

  /**
   * Lower-cases a Host value and strips its port: {@code Example.COM:8080} → {@code example.com},
   * {@code [::1]:80} → {@code [::1]}.
   */
  public static String normalize(String host) {
    int end = host.length();
    if (!host.isEmpty() && host.charAt(0) == '[') {
      int close = host.indexOf(']');
      end = close < 0 ? end : close + 1;
    } else {
      int colon = host.lastIndexOf(':');
      if (colon >= 0 && host.indexOf(':') == colon) {
        end = colon;
      }
    }
    return (end == host.length() ? host : host.substring(0, end)).toLowerCase(Locale.ROOT);
  }

  /** Kinds of domain a table accepts. */
  public enum DomainKind {
    EXACT,
    WILDCARD,
    ANY;

    /**
     * The kind of a domain.
     *
     * @throws IllegalArgumentException for a {@code *} anywhere but alone or as the first label
     */
    public static DomainKind of(String domain) {
      Objects.requireNonNull(domain, "domain");
      if (domain.equals("*")) {
        return ANY;
      }
      if (domain.startsWith("*.") && domain.length() > 2 && domain.indexOf('*', 1) < 0) {
        return WILDCARD;
      }
      if (domain.isEmpty() || domain.indexOf('*') >= 0) {
        throw new IllegalArgumentException(
            "domain \"" + domain + "\" must be a host name, \"*.suffix\" or \"*\"");
      }
      return EXACT;
    }
  }

  /** Collects domains; a domain added twice is an error. */
  public static final class Builder<V> {
    private final Map<String, V> exact = new HashMap<>();
    private final Map<String, V> wildcards = new HashMap<>();
    private V any;

    private Builder() {}

    /**
     * Adds a domain.
     *
     * @throws IllegalArgumentException for a malformed domain or one already added
     */
    public Builder<V> add(String domain, V value) {
      Objects.requireNonNull(value, "value");
      String name = domain.toLowerCase(Locale.ROOT);
      boolean fresh =
          switch (DomainKind.of(name)) {
            case ANY -> {
              boolean wasUnset = any == null;
              if (wasUnset) {
                any = value;
              }
              yield wasUnset;
            }
            case WILDCARD -> wildcards.putIfAbsent(name.substring(1), value) == null;
            case EXACT -> exact.putIfAbsent(name, value) == null;
          };
      if (!fresh) {
        throw new IllegalArgumentException("domain \"" + domain + "\" is listed more than once");
      }
      return this;
    }

    public HostTable<V> build() {
      return new HostTable<>(exact, wildcards, any);
    }
  }
}
