package io.portico.cp.dptoken;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.portico.cp.auth.InvalidTokenException;
import io.portico.cp.auth.SigningKeyNotFoundException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Issues and verifies dataplane tokens (spec/core.md §6.1, kumahq/kuma:pkg/tokens/builtin): RS256
 * JWTs whose header {@code kid} is the serial of the mesh's signing key, with the registered claims
 * {@code jti}, {@code iat}, {@code nbf} (= now − 5 min), {@code exp} and the custom claims {@code
 * Name}, {@code Mesh}, {@code Tags} ({@code {key: [values]}}) and {@code Type}, each only when set.
 * A token whose {@code jti} is listed in the mesh Secret {@code dataplane-token-revocations-<mesh>}
 * (comma-separated) is refused.
 */
public final class DataplaneTokens {
  public static final String REVOCATIONS_PREFIX = "dataplane-token-revocations-";
  static final Duration NOT_BEFORE_SKEW = Duration.ofMinutes(5);

  private final DataplaneTokenSigningKeys keys;
  private final ResourceManager manager;
  private final SecretData secrets;
  private final Clock clock;

  public DataplaneTokens(
      DataplaneTokenSigningKeys keys, ResourceManager manager, SecretData secrets, Clock clock) {
    this.keys = keys;
    this.manager = manager;
    this.secrets = secrets;
    this.clock = clock;
  }

  /**
   * Issues a token signed with the mesh's current key.
   *
   * @throws SigningKeyNotFoundException when the mesh has no signing key (or does not exist)
   */
  public String issue(DataplaneTokenRequest request) {
    DataplaneTokenSigningKeys.SigningKey key =
        keys.current(request.mesh())
            .orElseThrow(
                () ->
                    new SigningKeyNotFoundException(
                        "there is no dataplane token signing key (Secret "
                            + DataplaneTokenSigningKeys.secretName(request.mesh(), 1)
                            + ") in mesh "
                            + request.mesh()
                            + "; does the mesh exist?"));
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .jwtID(UUID.randomUUID().toString())
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now.minus(NOT_BEFORE_SKEW)))
            .expirationTime(Date.from(now.plus(request.validFor())))
            .claim("Mesh", request.mesh());
    if (!request.name().isEmpty()) {
      claims.claim("Name", request.name());
    }
    if (!request.tags().isEmpty()) {
      Map<String, Object> tags = new LinkedHashMap<>();
      request.tags().forEach((k, v) -> tags.put(k, List.copyOf(v)));
      claims.claim("Tags", tags);
    }
    if (!request.type().isEmpty()) {
      claims.claim("Type", request.type());
    }
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.RS256)
            .type(JOSEObjectType.JWT)
            .keyID(Integer.toString(key.serial()))
            .build();
    SignedJWT jwt = new SignedJWT(header, claims.build());
    try {
      jwt.sign(new RSASSASigner(key.keys().getPrivate()));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a dataplane token: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }

  /**
   * Checks a token presented for a dataplane of {@code mesh}: signature with the mesh's key named
   * by {@code kid} (serial 0 without one), expiry, not-before and revocation. Whether the claims
   * allow the dataplane is {@link DataplaneTokenClaims#denial}'s business.
   *
   * @throws InvalidTokenException saying what is wrong, without echoing the token
   */
  public DataplaneTokenClaims verify(String token, String mesh) {
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
    int serial;
    if (kid == null || kid.isEmpty()) {
      serial = 0;
    } else if (kid.matches("\\d{1,9}")) {
      serial = Integer.parseInt(kid);
    } else {
      throw new InvalidTokenException(
          "the token's kid \"" + kid + "\" is not a signing key serial (a number)");
    }
    DataplaneTokenSigningKeys.SigningKey key =
        keys.bySerial(mesh, serial)
            .orElseThrow(
                () ->
                    new InvalidTokenException(
                        "the signing key "
                            + DataplaneTokenSigningKeys.secretName(mesh, serial)
                            + " of the token does not exist in mesh "
                            + mesh));
    try {
      if (!jwt.verify(new RSASSAVerifier((RSAPublicKey) key.keys().getPublic()))) {
        throw new InvalidTokenException(
            "the token signature does not match the signing key "
                + DataplaneTokenSigningKeys.secretName(mesh, serial));
      }
    } catch (JOSEException e) {
      throw new InvalidTokenException("the token signature cannot be checked");
    }
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null || !now.isBefore(exp.toInstant())) {
      throw new InvalidTokenException(
          exp == null
              ? "the token has no expiry (exp)"
              : "the token expired at " + exp.toInstant());
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.isBefore(nbf.toInstant())) {
      throw new InvalidTokenException("the token is not valid before " + nbf.toInstant());
    }
    String jti = claims.getJWTID();
    if (jti != null && isRevoked(mesh, jti)) {
      throw new InvalidTokenException("the token has been revoked");
    }
    return new DataplaneTokenClaims(
        stringClaim(claims, "Name"),
        stringClaim(claims, "Mesh"),
        tagsClaim(claims),
        stringClaim(claims, "Type"),
        jti);
  }

  private static String stringClaim(JWTClaimsSet claims, String name) {
    return claims.getClaim(name) instanceof String s ? s : "";
  }

  private static Map<String, List<String>> tagsClaim(JWTClaimsSet claims) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (claims.getClaim("Tags") instanceof Map<?, ?> map) {
      map.forEach(
          (k, v) -> {
            List<String> values = new ArrayList<>();
            if (v instanceof List<?> list) {
              list.forEach(x -> values.add(String.valueOf(x)));
            } else if (v != null) {
              values.add(String.valueOf(v));
            }
            out.put(String.valueOf(k), values);
          });
    }
    return out;
  }

  private boolean isRevoked(String mesh, String jti) {
    return manager
        .get(secrets.secretType(), mesh, REVOCATIONS_PREFIX + mesh)
        .flatMap(secrets::data)
        .map(d -> new String(d, StandardCharsets.UTF_8))
        .map(text -> Arrays.stream(text.split(",")).map(String::trim).anyMatch(jti::equals))
        .orElse(false);
  }
}
