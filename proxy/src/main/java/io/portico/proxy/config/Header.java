package io.portico.proxy.config;

import java.util.Objects;

/** A header name and value. */
public record Header(String name, String value) {
  public Header {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
