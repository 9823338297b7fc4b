package io.portico.cp.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.portico.cp.secret.SecretData;
import io.portico.cp.store.manager.ResourceManager;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Issues and checks user tokens (spec/core.md §6.3): RS256 JWTs with header {@code kid} = the
 * signing key's serial and claims {@code Name}, {@code Groups}, {@code jti}, {@code iat}, {@code
 * nbf} (= now − 5 min, as Kuma's token issuer) and {@code exp}. A token whose {@code jti} is listed
 * in the GlobalSecret {@code user-token-revocations} (comma-separated) is refused.
 */
public final class UserTokens {
  public static final String REVOCATIONS_SECRET = "user-token-revocations";
  static final Duration NOT_BEFORE_SKEW = Duration.ofMinutes(5);

  private final UserTokenSigningKeys keys;
  private final ResourceManager manager;
  private final SecretData secrets;
  private final Clock clock;

  public UserTokens(
      UserTokenSigningKeys keys, ResourceManager manager, SecretData secrets, Clock clock) {
    this.keys = keys;
    this.manager = manager;
    this.secrets = secrets;
    this.clock = clock;
  }

  /**
   * Issues a token signed with the current key.
   *
   * @throws SigningKeyNotFoundException when no signing key exists yet
   */
  public String issue(String name, List<String> groups, Duration validFor) {
    Objects.requireNonNull(name, "name");
    if (validFor.isZero() || validFor.isNegative()) {
      throw new IllegalArgumentException("validFor must be positive but was " + validFor);
    }
    UserTokenSigningKeys.SigningKey key =
        keys.current()
            .orElseThrow(
                () ->
                    new SigningKeyNotFoundException(
                        "there is no user token signing key (GlobalSecret "
                            + UserTokenSigningKeys.PREFIX
                            + "<serial>) yet"));
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .jwtID(UUID.randomUUID().toString())
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now.minus(NOT_BEFORE_SKEW)))
            .expirationTime(Date.from(now.plus(validFor)))
            .claim("Name", name)
            .claim("Groups", List.copyOf(groups))
            .build();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.RS256)
            .type(JOSEObjectType.JWT)
            .keyID(Integer.toString(key.serial()))
            .build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(new RSASSASigner(key.keys().getPrivate()));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a user token: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }

  /**
   * Checks a token and returns its user (with the built-in group {@code
   * mesh-system:authenticated}).
   *
   * @throws InvalidTokenException saying what is wrong with it
   */
  public User validate(String token) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token.trim());
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new InvalidTokenException("the token is not a signed JWT");
    }
    if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
      throw new InvalidTokenException(
          "the token is signed with " + jwt.getHeader().getAlgorithm() + " but RS256 is expected");
    }
    String kid = jwt.getHeader().getKeyID();
    if (kid == null || !kid.matches("\\d{1,9}")) {
      throw new InvalidTokenException("the token has no kid header naming its signing key serial");
    }
    UserTokenSigningKeys.SigningKey key =
        keys.bySerial(Integer.parseInt(kid))
            .orElseThrow(
                () ->
                    new InvalidTokenException(
                        "the signing key of serial " + kid + " of the token does not exist"));
    try {
      if (!jwt.verify(new RSASSAVerifier((RSAPublicKey) key.keys().getPublic()))) {
        throw new InvalidTokenException("the token signature is not valid");
      }
    } catch (JOSEException e) {
      throw new InvalidTokenException("the token signature cannot be checked");
    }
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null || !now.isBefore(exp.toInstant())) {
      throw new InvalidTokenException("the token has expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.isBefore(nbf.toInstant())) {
      throw new InvalidTokenException("the token is not valid yet");
    }
    if (claims.getJWTID() != null && isRevoked(claims.getJWTID())) {
      throw new InvalidTokenException("the token has been revoked");
    }
    Object name = claims.getClaim("Name");
    if (!(name instanceof String n) || n.isEmpty()) {
      throw new InvalidTokenException("the token has no Name claim");
    }
    List<String> groups = new ArrayList<>();
    if (claims.getClaim("Groups") instanceof List<?> list) {
      list.forEach(g -> groups.add(String.valueOf(g)));
    }
    if (!groups.contains(User.AUTHENTICATED_GROUP)) {
      groups.add(User.AUTHENTICATED_GROUP);
    }
    return new User(n, groups);
  }

  private boolean isRevoked(String jti) {
    return manager
        .get(secrets.globalSecretType(), "", REVOCATIONS_SECRET)
        .flatMap(secrets::data)
        .map(d -> new String(d, StandardCharsets.UTF_8))
        .map(text -> Arrays.stream(text.split(",")).map(String::trim).anyMatch(jti::equals))
        .orElse(false);
  }
}
