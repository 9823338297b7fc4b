package io.portico.cp.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Decides who made a request (spec/core.md §6.3). Rules, in order:
 *
 * <ol>
 *   <li>an {@code Authorization: Bearer <token>} header is checked and names the user; an invalid
 *       token is refused even from loopback (explicit credentials win);
 *   <li>without a token, a loopback caller is the admin when {@code localhostIsAdmin} is on;
 *   <li>anyone else is anonymous.
 * </ol>
 *
 * <p>What counts as loopback is injected, so that tests can play a remote caller.
 */
public final class Authenticator {
  private static final String BEARER = "bearer ";

  private final boolean localhostIsAdmin;
  private final Predicate<InetAddress> isLoopback;
  private final UserTokens tokens;

  public Authenticator(
      boolean localhostIsAdmin, Predicate<InetAddress> isLoopback, UserTokens tokens) {
    this.localhostIsAdmin = localhostIsAdmin;
    this.isLoopback = isLoopback;
    this.tokens = tokens;
  }

  /**
   * The user of a request.
   *
   * @param remoteAddress the peer's IP address as text
   * @param authorization the Authorization header, or null
   * @throws InvalidTokenException when a token is given but not valid
   */
  public User authenticate(String remoteAddress, String authorization) {
    if (authorization != null && !authorization.isBlank()) {
      String value = authorization.trim();
      if (!value.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
        throw new InvalidTokenException("the Authorization header must be \"Bearer <user token>\"");
      }
      return tokens.validate(value.substring(BEARER.length()));
    }
    if (localhostIsAdmin && isLoopbackAddress(remoteAddress)) {
      return User.ADMIN;
    }
    return User.ANONYMOUS;
  }

  private boolean isLoopbackAddress(String remoteAddress) {
    if (remoteAddress == null) {
      return false;
    }
    String literal = remoteAddress.trim();
    if (literal.startsWith("[") && literal.endsWith("]")) {
      literal = literal.substring(1, literal.length() - 1);
    }
    int zone = literal.indexOf('%');
    String bare = zone >= 0 ? literal.substring(0, zone) : literal;
    boolean isIpLiteral =
        bare.matches("\\d{1,3}(\\.\\d{1,3}){3}")
            || (bare.contains(":") && bare.matches("[0-9a-fA-F:.]+"));
    if (!isIpLiteral) {
      return false;
    }
    try {
      return isLoopback.test(InetAddress.getByName(bare));
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
