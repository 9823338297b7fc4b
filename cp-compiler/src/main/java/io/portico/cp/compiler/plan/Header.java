package io.portico.cp.compiler.plan;

import java.util.Objects;

/**
 * A header name and value.
 *
 * @param name the name
 * @param value the value
 */
public record Header(String name, String value) {
  public Header {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
