package io.shopscale.user.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Opaque refresh tokens: 256 random bits, of which only the SHA-256 is stored (a slow hash buys nothing against
 * 256 bits of entropy). Every method expects to run inside the caller's transaction.
 */
@Component
class RefreshTokens {

  private static final int TOKEN_BYTES = 32;

  private final SecureRandom random = new SecureRandom();
  private final JdbcClient jdbc;
  private final TokenSettings settings;

  RefreshTokens(JdbcClient jdbc, TokenSettings settings) {
    this.jdbc = jdbc;
    this.settings = settings;
  }

  /**
   * A new token in {@code family}: a login starts a family (and its session, at {@code sessionStartedAt}), each
   * rotation continues it. No token outlives the session's maximum, however late in the session it is issued.
   */
  String issue(UUID userId, UUID family, Instant now, Instant sessionStartedAt) {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant expires = now.plus(settings.refreshTtl());
    Instant sessionEnds = sessionStartedAt.plus(settings.sessionMax());
    jdbc.sql("""
        INSERT INTO refresh_tokens (token_hash, family_id, user_id, issued_at, expires_at, session_started_at)
        VALUES (:hash, :family, :user, :now, :expires, :session)
        """)
        .param("hash", hash(token)).param("family", family).param("user", userId)
        .param("now", utc(now)).param("expires", utc(expires.isBefore(sessionEnds) ? expires : sessionEnds))
        .param("session", utc(sessionStartedAt))
        .update();
    return token;
  }

  /**
   * Marks the token used if it still can be, in one conditional UPDATE: of two concurrent uses the second waits for
   * the first's row lock, re-checks {@code used_at} and finds nothing, so one token never has two successors.
   */
  Optional<Use> use(String token, Instant now) {
    // the session bound is checked here too: expires_at was capped with the session maximum of its day
    return jdbc.sql("""
        UPDATE refresh_tokens SET used_at = :now
         WHERE token_hash = :hash AND used_at IS NULL AND revoked_at IS NULL AND expires_at > :now
           AND session_started_at > :sessionCutoff
        RETURNING family_id, user_id, session_started_at
        """)
        .param("hash", hash(token)).param("now", utc(now))
        .param("sessionCutoff", utc(now.minus(settings.sessionMax())))
        .query((rs, row) -> new Use(rs.getObject("family_id", UUID.class), rs.getObject("user_id", UUID.class),
            rs.getObject("session_started_at", OffsetDateTime.class).toInstant()))
        .optional();
  }

  /** Logout: every token of the token's family is revoked; an unknown token changes nothing. */
  int revokeFamilyOf(String token, Instant now) {
    return jdbc.sql("""
        UPDATE refresh_tokens SET revoked_at = :now
         WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = :hash) AND revoked_at IS NULL
        """)
        .param("hash", hash(token)).param("now", utc(now))
        .update();
  }

  /** Logout everywhere, or a disabled account: every token of every family of the user is revoked. */
  int revokeAllOf(UUID userId, Instant now) {
    return jdbc.sql("UPDATE refresh_tokens SET revoked_at = :now WHERE user_id = :user AND revoked_at IS NULL")
        .param("user", userId).param("now", utc(now))
        .update();
  }

  /**
   * A token that was already used has been copied: whoever holds the family's newest token may be the thief or the
   * victim, so every token of the family is revoked. Empty when the token was never used (unknown, expired or
   * revoked), which needs no action.
   */
  Optional<Use> revokeFamilyIfReused(String token, Instant now) {
    Optional<Use> reused = jdbc.sql("SELECT family_id, user_id, session_started_at FROM refresh_tokens "
        + "WHERE token_hash = :hash AND used_at IS NOT NULL")
        .param("hash", hash(token))
        .query((rs, row) -> new Use(rs.getObject("family_id", UUID.class), rs.getObject("user_id", UUID.class),
            rs.getObject("session_started_at", OffsetDateTime.class).toInstant()))
        .optional();
    reused.ifPresent(use -> jdbc.sql("UPDATE refresh_tokens SET revoked_at = :now "
        + "WHERE family_id = :family AND revoked_at IS NULL")
        .param("family", use.family()).param("now", utc(now))
        .update());
    return reused;
  }

  /**
   * Deletes tokens that expired before {@code cutoff}. An expired token is refused whether or not its row exists; what
   * is lost is only the family revocation on the reuse of a long-expired, used token, whose successors have had
   * their own chance to expire.
   */
  int forgetExpiredBefore(Instant cutoff) {
    return jdbc.sql("DELETE FROM refresh_tokens WHERE expires_at < :cutoff").param("cutoff", utc(cutoff)).update();
  }

  private static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
    }
    catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("Every JDK has SHA-256", ex);
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  record Use(UUID family, UUID userId, Instant sessionStartedAt) {
  }
}
