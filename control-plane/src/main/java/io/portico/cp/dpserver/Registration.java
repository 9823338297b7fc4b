package io.portico.cp.dpserver;

import io.portico.cp.dptoken.DataplaneTokenClaims;
import io.portico.mesh.api.Resource;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.insight.DataplaneInsightSpec;
import java.util.Objects;

/**
 * An authenticated Hello: who the proxy is and what its token allows.
 *
 * @param mesh the dataplane's mesh
 * @param name the dataplane's name
 * @param dataplane the validated Dataplane the proxy registers (direct mode), or null when it names
 *     a pre-created one (indirect mode)
 * @param claims the verified token
 * @param build the proxy's build, for the insight
 */
record Registration(
    String mesh,
    String name,
    Resource<DataplaneSpec> dataplane,
    DataplaneTokenClaims claims,
    DataplaneInsightSpec.PorticoDp build) {
  Registration {
    Objects.requireNonNull(mesh, "mesh");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(claims, "claims");
    Objects.requireNonNull(build, "build");
  }

  /** Whether the proxy registers its dataplane (and it is deleted when the proxy leaves). */
  boolean isDirect() {
    return dataplane != null;
  }

  /** {@code mesh/name}. */
  String key() {
    return mesh + "/" + name;
  }
}
