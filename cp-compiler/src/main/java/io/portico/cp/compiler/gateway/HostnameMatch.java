package io.portico.cp.compiler.gateway;

/**
 * The hostname intersection function of spec/gateway.md §2.4 (Kuma's {@code match/hostnames.go}):
 * whether a route hostname applies to a virtual host.
 *
 * <ul>
 *   <li>Equal names match.
 *   <li>Otherwise both are split at their first dot into (first label, rest); if either first label
 *       is {@code *}, they match when the rests are equal; otherwise they do not.
 *   <li>A name without a dot matches only an equal name (Kuma crashes there).
 * </ul>
 *
 * So {@code *.example.com} matches {@code foo.example.com} and {@code *.example.com}, but neither
 * {@code foo.examples.com} nor {@code a.b.example.com} (a wildcard stands for one label).
 */
public final class HostnameMatch {
  private HostnameMatch() {}

  /** Whether the route hostname {@code routeName} applies to the host {@code hostName}. */
  public static boolean matches(String hostName, String routeName) {
    if (hostName.equals(routeName)) {
      return true;
    }
    int hostDot = hostName.indexOf('.');
    int routeDot = routeName.indexOf('.');
    if (hostDot < 0 || routeDot < 0) {
      return false;
    }
    String hostFirst = hostName.substring(0, hostDot);
    String routeFirst = routeName.substring(0, routeDot);
    if (!hostFirst.equals("*") && !routeFirst.equals("*")) {
      return false;
    }
    return hostName.substring(hostDot).equals(routeName.substring(routeDot));
  }
}
