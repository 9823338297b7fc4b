package io.portico.mesh.api.zone;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.dataplane.NetworkAddresses;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;

/**
 * Validates a ZoneEgress spec with Kuma's rules and messages (spec/core.md §7.5): the admin port
 * differs from the port, the address is an IP or DNS name, the port is in range. Unlike Kuma,
 * violations carry the real field paths ({@code networking.address}).
 */
public final class ZoneEgressValidator implements Validator<ZoneEgressSpec> {
  @Override
  public void validate(ZoneEgressSpec spec, Errors errors) {
    ZoneEgressSpec.Networking networking =
        spec.networking() == null ? new ZoneEgressSpec.Networking("", 0, null) : spec.networking();
    Path net = Path.of("networking");
    if (networking.admin() != null && networking.admin().port() == networking.port()) {
      errors.add(net.field("admin").field("port"), "must differ from port");
    }
    if (!networking.address().isEmpty()) {
      NetworkAddresses.validate(net.field("address"), networking.address(), errors);
    }
    ZoneIngressValidator.checkPort(net.field("port"), networking.port(), errors);
  }
}
