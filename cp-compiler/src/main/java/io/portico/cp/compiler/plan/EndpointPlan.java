package io.portico.cp.compiler.plan;

import java.util.Comparator;
import java.util.Objects;

/**
 * One endpoint of a cluster.
 *
 * @param address IP address or DNS name
 * @param port the port
 * @param weight relative weight for load balancing
 */
public record EndpointPlan(String address, int port, int weight)
    implements Comparable<EndpointPlan> {
  private static final Comparator<EndpointPlan> ORDER =
      Comparator.comparing(EndpointPlan::address)
          .thenComparingInt(EndpointPlan::port)
          .thenComparingInt(EndpointPlan::weight);

  public EndpointPlan {
    Objects.requireNonNull(address, "address");
  }

  @Override
  public int compareTo(EndpointPlan other) {
    return ORDER.compare(this, other);
  }
}
