package io.portico.mesh.api.zone;

import io.portico.mesh.api.Validator;
import io.portico.mesh.api.dataplane.NetworkAddresses;
import io.portico.mesh.api.validation.Errors;
import io.portico.mesh.api.validation.Path;
import io.portico.mesh.api.validation.TagRules;
import java.util.List;

/**
 * Validates a ZoneIngress spec with Kuma's rules and messages (spec/core.md §7.5): the admin port
 * differs from the port; advertised address and port come together; addresses are IPs or DNS names;
 * ports are in range; every available service has valid tags with {@code kuma.io/service}. Unlike
 * Kuma, violations carry the real field paths ({@code networking.address}, {@code
 * availableServices[0].tags}).
 */
public final class ZoneIngressValidator implements Validator<ZoneIngressSpec> {
  @Override
  public void validate(ZoneIngressSpec spec, Errors errors) {
    ZoneIngressSpec.Networking networking =
        spec.networking() == null
            ? new ZoneIngressSpec.Networking("", "", 0, 0, null)
            : spec.networking();
    Path net = Path.of("networking");
    if (networking.admin() != null && networking.admin().port() == networking.port()) {
      errors.add(net.field("admin").field("port"), "must differ from port");
    }
    if (networking.advertisedAddress().isEmpty() && networking.advertisedPort() != 0) {
      errors.add(net.field("advertisedAddress"), "has to be defined with advertisedPort");
    }
    if (networking.advertisedPort() == 0 && !networking.advertisedAddress().isEmpty()) {
      errors.add(net.field("advertisedPort"), "has to be defined with advertisedAddress");
    }
    if (!networking.address().isEmpty()) {
      NetworkAddresses.validate(net.field("address"), networking.address(), errors);
    }
    if (!networking.advertisedAddress().isEmpty()) {
      NetworkAddresses.validate(
          net.field("advertisedAddress"), networking.advertisedAddress(), errors);
    }
    checkPort(net.field("port"), networking.port(), errors);
    if (networking.advertisedPort() != 0) {
      checkPort(net.field("advertisedPort"), networking.advertisedPort(), errors);
    }
    List<ZoneIngressSpec.AvailableService> services = spec.availableServices();
    for (int i = 0; i < services.size(); i++) {
      Path tags = Path.of("availableServices").index(i).field("tags");
      ZoneIngressSpec.AvailableService service = services.get(i);
      if (service == null || service.tags().isEmpty()) {
        errors.add(tags, "mandatory tag \"" + TagRules.SERVICE + "\" is missing");
      } else {
        TagRules.validateTags(tags, service.tags(), true, errors);
      }
    }
  }

  static void checkPort(Path path, int port, Errors errors) {
    if (port < 1 || port > 65535) {
      errors.add(path, "port must be in the range [1, 65535]");
    }
  }
}
