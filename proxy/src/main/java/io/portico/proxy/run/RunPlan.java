package io.portico.proxy.run;

import io.portico.proxy.api.v1.Hello;
import io.portico.proxy.stream.ControlPlaneAddress;
import io.portico.proxy.stream.ControlPlaneTrust;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@code portico-dp run} checked before connecting.
 *
 * @param address the control plane's DP server
 * @param trust how its certificate is checked
 * @param hello the stream's first message
 * @param token the dataplane token, empty for none
 * @param proxy who the proxy is
 * @param drainTime how long to drain at most on shutdown
 * @param notices lines to print on stderr before starting (warnings and notices)
 */
record RunPlan(
    ControlPlaneAddress address,
    ControlPlaneTrust trust,
    Hello hello,
    String token,
    ProxyDescription proxy,
    Duration drainTime,
    List<String> notices) {
  RunPlan {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(hello, "hello");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(drainTime, "drainTime");
    notices = List.copyOf(notices);
  }
}
