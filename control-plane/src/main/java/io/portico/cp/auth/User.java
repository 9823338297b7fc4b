package io.portico.cp.auth;

import java.util.List;
import java.util.Objects;

/**
 * The caller of an API request (spec/core.md §6.3).
 *
 * @param name the user name ({@code Name} claim of a user token)
 * @param groups the groups, including the built-in ones
 */
public record User(String name, List<String> groups) {
  public static final String ADMIN_NAME = "mesh-system:admin";
  public static final String ADMIN_GROUP = "mesh-system:admin";
  public static final String AUTHENTICATED_GROUP = "mesh-system:authenticated";
  public static final String ANONYMOUS_NAME = "mesh-system:anonymous";
  public static final String UNAUTHENTICATED_GROUP = "mesh-system:unauthenticated";

  /** A request without credentials. */
  public static final User ANONYMOUS = new User(ANONYMOUS_NAME, List.of(UNAUTHENTICATED_GROUP));

  /** The admin, as a loopback caller is when {@code apiServer.authn.localhostIsAdmin} is on. */
  public static final User ADMIN = new User(ADMIN_NAME, List.of(ADMIN_GROUP, AUTHENTICATED_GROUP));

  public User {
    Objects.requireNonNull(name, "name");
    groups = List.copyOf(groups);
  }

  /** Admin by name or by group ({@code access.static.adminResources} defaults). */
  public boolean isAdmin() {
    return ADMIN_NAME.equals(name) || groups.contains(ADMIN_GROUP);
  }

  @Override
  public String toString() {
    return name + " (groups: " + String.join(", ", groups) + ")";
  }
}
