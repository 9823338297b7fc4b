package io.portico.mesh.api.policy;

import io.portico.mesh.api.Selector;
import io.portico.mesh.api.SpecValues;
import java.util.List;

/**
 * The spec of a VirtualOutbound (spec/core.md §3.4): extra {@code host:port} outbounds for the
 * dataplanes matching {@code selectors}, one per distinct set of parameter values among the
 * services' inbound tags. Needs transparent proxying and DNS; not supported on gateways.
 *
 * @param selectors dataplanes that get the outbounds (S2)
 * @param conf the host and port templates and their parameters
 */
public record VirtualOutboundSpec(List<Selector> selectors, Conf conf)
    implements DataplanePolicySpec {
  public VirtualOutboundSpec {
    selectors = SpecValues.list(selectors);
  }

  /**
   * Go text/templates over the parameters, e.g. {@code {{.service}}.mesh} and {@code {{.port}}}.
   *
   * @param host the hostname template
   * @param port the port template
   * @param parameters template parameters; one must take {@code kuma.io/service}
   */
  public record Conf(String host, String port, List<Parameter> parameters) {
    public Conf {
      host = SpecValues.text(host);
      port = SpecValues.text(port);
      parameters = SpecValues.list(parameters);
    }
  }

  /**
   * A template parameter.
   *
   * @param name the name used in templates ({@code .name}); alphanumeric, unique
   * @param tagKey the inbound tag it takes its value from; empty means {@code name}
   */
  public record Parameter(String name, String tagKey) {
    public Parameter {
      name = SpecValues.text(name);
      tagKey = SpecValues.text(tagKey);
    }

    /** The tag the parameter reads: {@code tagKey}, or {@code name} when that is empty. */
    public String effectiveTagKey() {
      return tagKey.isEmpty() ? name : tagKey;
    }
  }
}
