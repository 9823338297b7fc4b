package io.portico.proxy.run;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code --proxy-type}: what kind of proxy runs, and the resource type its template must have. */
public enum ProxyType {
  DATAPLANE("dataplane", "Dataplane"),
  INGRESS("ingress", "ZoneIngress"),
  EGRESS("egress", "ZoneEgress");

  private final String flagValue;
  private final String resourceType;

  ProxyType(String flagValue, String resourceType) {
    this.flagValue = flagValue;
    this.resourceType = resourceType;
  }

  /** The value of {@code --proxy-type} and of {@code Hello.proxy_type}. */
  public String flagValue() {
    return flagValue;
  }

  /** The {@code type} of the resource this proxy runs as. */
  public String resourceType() {
    return resourceType;
  }

  /** Whether the resource lives in a mesh (Dataplane) or is global (ZoneIngress, ZoneEgress). */
  public boolean isMeshScoped() {
    return this == DATAPLANE;
  }

  /**
   * Parses a {@code --proxy-type} value.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static ProxyType parse(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    for (ProxyType type : values()) {
      if (type.flagValue.equals(wanted)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "\"" + value + "\" is not a proxy type: expected one of " + acceptedValues());
  }

  static String acceptedValues() {
    return Arrays.stream(values()).map(ProxyType::flagValue).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return flagValue;
  }
}
