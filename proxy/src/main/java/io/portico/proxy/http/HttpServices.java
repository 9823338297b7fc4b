package io.portico.proxy.http;

import io.portico.proxy.routing.FractionSampler;
import io.portico.proxy.upstream.UpstreamPools;
import java.util.Objects;

/** What HTTP connections of a runtime share: the upstream pools and the mirror sampler. */
public record HttpServices(UpstreamPools pools, FractionSampler mirrorSampler) {
  public HttpServices {
    Objects.requireNonNull(pools, "pools");
    Objects.requireNonNull(mirrorSampler, "mirrorSampler");
  }
}
