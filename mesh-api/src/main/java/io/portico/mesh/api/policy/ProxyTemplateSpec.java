package io.portico.mesh.api.policy;

import io.portico.mesh.api.LargeText;
import io.portico.mesh.api.Selector;
import io.portico.mesh.api.SpecValues;
import java.util.List;
import java.util.Map;

/**
 * The spec of a ProxyTemplate (spec/core.md §3.4): raw Envoy configuration for the dataplanes
 * matching {@code selectors} — generated profiles to import, extra resources, and modifications of
 * generated resources, applied in order. Only the best-ranked template applies.
 *
 * <p>Envoy resources and modification values are kept as YAML text; they are checked for structure
 * only, not against the Envoy protos.
 *
 * @param selectors dataplanes to configure (S2)
 * @param conf what to generate
 */
public record ProxyTemplateSpec(List<Selector> selectors, Conf conf)
    implements DataplanePolicySpec {
  public ProxyTemplateSpec {
    selectors = SpecValues.list(selectors);
  }

  /**
   * What to generate.
   *
   * @param imports profiles generated first: {@code default-proxy}, {@code gateway-proxy}, {@code
   *     ingress-proxy}, {@code egress-proxy}
   * @param resources raw Envoy resources to add
   * @param modifications changes to generated resources, in order
   */
  public record Conf(
      List<String> imports, List<RawResource> resources, List<Modification> modifications) {
    public Conf {
      imports = SpecValues.list(imports);
      resources = SpecValues.list(resources);
      modifications = SpecValues.list(modifications);
    }
  }

  /**
   * A raw Envoy resource.
   *
   * @param name the resource name
   * @param version its version
   * @param resource the resource as Envoy YAML
   */
  public record RawResource(String name, String version, @LargeText String resource) {
    public RawResource {
      name = SpecValues.text(name);
      version = SpecValues.text(version);
      resource = SpecValues.text(resource);
    }
  }

  /** One modification: exactly one of its members is set. */
  public record Modification(
      ClusterModification cluster,
      ListenerModification listener,
      NetworkFilterModification networkFilter,
      HttpFilterModification httpFilter,
      VirtualHostModification virtualHost) {}

  /**
   * Adds, removes or patches clusters.
   *
   * @param match which clusters (not with {@code add})
   * @param operation {@code add}, {@code remove} or {@code patch}
   * @param value the cluster or patch as Envoy YAML
   */
  public record ClusterModification(ClusterMatch match, String operation, @LargeText String value) {
    public ClusterModification {
      operation = SpecValues.text(operation);
      value = SpecValues.text(value);
    }
  }

  /**
   * Selects clusters.
   *
   * @param name the cluster name
   * @param origin what generated it, e.g. {@code outbound}
   */
  public record ClusterMatch(String name, String origin) {
    public ClusterMatch {
      name = SpecValues.text(name);
      origin = SpecValues.text(origin);
    }
  }

  /**
   * Adds, removes or patches listeners.
   *
   * @param match which listeners (not with {@code add})
   * @param operation {@code add}, {@code remove} or {@code patch}
   * @param value the listener or patch as Envoy YAML
   */
  public record ListenerModification(
      ListenerMatch match, String operation, @LargeText String value) {
    public ListenerModification {
      operation = SpecValues.text(operation);
      value = SpecValues.text(value);
    }
  }

  /**
   * Selects listeners.
   *
   * @param name the listener name
   * @param origin what generated it
   * @param tags tags of the listener's inbound or outbound
   */
  public record ListenerMatch(String name, String origin, Map<String, String> tags) {
    public ListenerMatch {
      name = SpecValues.text(name);
      origin = SpecValues.text(origin);
      tags = SpecValues.tags(tags);
    }
  }

  /**
   * Adds, removes or patches network filters.
   *
   * @param match which filters
   * @param operation {@code addFirst}, {@code addLast}, {@code addBefore}, {@code addAfter}, {@code
   *     remove} or {@code patch}
   * @param value the filter or patch as Envoy YAML
   */
  public record NetworkFilterModification(
      FilterMatch match, String operation, @LargeText String value) {
    public NetworkFilterModification {
      operation = SpecValues.text(operation);
      value = SpecValues.text(value);
    }
  }

  /**
   * Adds, removes or patches HTTP filters.
   *
   * @param match which filters
   * @param operation {@code addFirst}, {@code addLast}, {@code addBefore}, {@code addAfter}, {@code
   *     remove} or {@code patch}
   * @param value the filter or patch as Envoy YAML
   */
  public record HttpFilterModification(
      FilterMatch match, String operation, @LargeText String value) {
    public HttpFilterModification {
      operation = SpecValues.text(operation);
      value = SpecValues.text(value);
    }
  }

  /**
   * Selects network or HTTP filters.
   *
   * @param name the filter name
   * @param listenerName the name of the listener holding it
   * @param listenerTags tags of that listener's inbound or outbound
   * @param origin what generated the listener
   */
  public record FilterMatch(
      String name, String listenerName, Map<String, String> listenerTags, String origin) {
    public FilterMatch {
      name = SpecValues.text(name);
      listenerName = SpecValues.text(listenerName);
      listenerTags = SpecValues.tags(listenerTags);
      origin = SpecValues.text(origin);
    }
  }

  /**
   * Adds, removes or patches virtual hosts.
   *
   * @param match which virtual hosts
   * @param operation {@code add}, {@code remove} or {@code patch}
   * @param value the virtual host or patch as Envoy YAML
   */
  public record VirtualHostModification(
      VirtualHostMatch match, String operation, @LargeText String value) {
    public VirtualHostModification {
      operation = SpecValues.text(operation);
      value = SpecValues.text(value);
    }
  }

  /**
   * Selects virtual hosts.
   *
   * @param name the virtual host name (not with {@code add})
   * @param origin what generated it
   * @param routeConfigurationName the route configuration holding it
   */
  public record VirtualHostMatch(String name, String origin, String routeConfigurationName) {
    public VirtualHostMatch {
      name = SpecValues.text(name);
      origin = SpecValues.text(origin);
      routeConfigurationName = SpecValues.text(routeConfigurationName);
    }
  }
}
