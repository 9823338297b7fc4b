package io.portico.cp.auth;

import io.portico.cp.secret.SecretData;
import io.portico.cp.store.ResourceAlreadyExistsException;
import io.portico.cp.store.manager.ResourceManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the GlobalSecret {@code admin-user-token} holding a 10-year token of user {@code
 * mesh-system:admin} in group {@code mesh-system:admin} (spec/core.md §6.3). Run by the leader;
 * idempotent. Disabled by {@code apiServer.authn.tokens.bootstrapAdminToken=false}.
 */
public final class AdminTokenBootstrap {
  public static final String SECRET_NAME = "admin-user-token";
  public static final Duration VALIDITY = Duration.ofDays(3650);
  private static final Logger log = LoggerFactory.getLogger(AdminTokenBootstrap.class);

  private final ResourceManager manager;
  private final SecretData secrets;
  private final UserTokens tokens;

  public AdminTokenBootstrap(ResourceManager manager, SecretData secrets, UserTokens tokens) {
    this.manager = manager;
    this.secrets = secrets;
    this.tokens = tokens;
  }

  /**
   * Creates the admin token secret unless it exists.
   *
   * @return whether this call created it
   */
  public boolean ensure() {
    if (manager.get(secrets.globalSecretType(), "", SECRET_NAME).isPresent()) {
      return false;
    }
    String token = tokens.issue(User.ADMIN_NAME, List.of(User.ADMIN_GROUP), VALIDITY);
    try {
      manager.create(secrets.globalSecret(SECRET_NAME, token.getBytes(StandardCharsets.UTF_8)));
      log.info("admin user token created secret={}", SECRET_NAME);
      return true;
    } catch (ResourceAlreadyExistsException e) {
      return false;
    }
  }
}
