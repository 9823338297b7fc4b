package io.portico.cp.auth;

import io.portico.mesh.api.ResourceType;

/**
 * What a user may do through the REST API.
 *
 * <ul>
 *   <li>Secret and GlobalSecret: admin only, read and write (spec/core.md §5.3, {@code
 *       access.static.adminResources}).
 *   <li>Other resources: anyone may read; writes (PUT, DELETE) need the admin. Kuma 2.0 lets any
 *       caller write them; Portico follows DESIGN.md "Security" (see docs/adr/0002).
 *   <li>Issuing user tokens: admin only ({@code access.static.generateUserToken}).
 *   <li>Issuing dataplane tokens: admin only ({@code access.static.generateDpToken}).
 * </ul>
 */
public final class AccessRules {
  /**
   * @throws AccessDeniedException when the user may not read resources of this type
   */
  public void checkRead(User user, ResourceType<?> type) {
    if (type.adminOnly() && !user.isAdmin()) {
      throw new AccessDeniedException(
          "user \"" + user.name() + "\" cannot access " + type.name() + ": only the admin can");
    }
  }

  /**
   * @throws AccessDeniedException when the user may not create, replace or delete this type
   */
  public void checkWrite(User user, ResourceType<?> type) {
    if (!user.isAdmin()) {
      throw new AccessDeniedException(
          "user \"" + user.name() + "\" cannot change " + type.name() + ": only the admin can");
    }
  }

  /**
   * @throws AccessDeniedException when the user may not issue user tokens
   */
  public void checkGenerateUserToken(User user) {
    if (!user.isAdmin()) {
      throw new AccessDeniedException(
          "user \"" + user.name() + "\" cannot generate user tokens: only the admin can");
    }
  }

  /**
   * @throws AccessDeniedException when the user may not issue dataplane tokens
   */
  public void checkGenerateDataplaneToken(User user) {
    if (!user.isAdmin()) {
      throw new AccessDeniedException(
          "user \"" + user.name() + "\" cannot generate dataplane tokens: only the admin can");
    }
  }
}
