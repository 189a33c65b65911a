package io.shopscale.order.order;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which order an Idempotency-Key produced, per user, for a day. The primary key arbitrates concurrent twins:
 * the second insert waits for the first transaction and then does nothing, so one key yields one order.
 * <p>
 * Expiry is enforced here, by {@code liveSince}: a key created before it neither answers nor blocks a new claim,
 * whether or not {@link IdempotencyKeyPurge} has deleted its row yet. The purge only reclaims space.
 */
@Component
class IdempotencyKeys {

  record Claim(UUID orderId, String requestHash) {
  }

  private final JdbcClient jdbc;

  IdempotencyKeys(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The live claim of this key, if any. */
  Optional<Claim> find(UUID userId, String key, Instant liveSince) {
    return jdbc.sql("""
        SELECT order_id, request_hash FROM idempotency_keys WHERE user_id = ? AND key = ? AND created_at >= ?
        """).params(userId, key, Timestamp.from(liveSince))
        .query((rs, row) -> new Claim(rs.getObject(1, UUID.class), rs.getString(2)))
        .optional();
  }

  /**
   * False when the key is live (claimed by a twin that committed meanwhile, or earlier). An expired row is taken
   * over in place: a twin racing for it waits on the row lock, then sees the fresh claim and gets false.
   */
  boolean claim(UUID userId, String key, String requestHash, UUID orderId, Instant now, Instant liveSince) {
    return jdbc.sql("""
        INSERT INTO idempotency_keys (user_id, key, request_hash, order_id, created_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (user_id, key) DO UPDATE
          SET request_hash = EXCLUDED.request_hash, order_id = EXCLUDED.order_id, created_at = EXCLUDED.created_at
          WHERE idempotency_keys.created_at < ?
        """).params(userId, key, requestHash, orderId, Timestamp.from(now), Timestamp.from(liveSince))
        .update() == 1;
  }

  /**
   * Deletes up to {@code batch} keys created before {@code cutoff}, oldest first (the created_at index). SKIP
   * LOCKED: replicas purging at the same time share the rows instead of queueing on each other, and a key being
   * claimed again right now is left alone.
   */
  int forgetOlderThan(Instant cutoff, int batch) {
    return jdbc.sql("""
        DELETE FROM idempotency_keys WHERE (user_id, key) IN (
          SELECT user_id, key FROM idempotency_keys WHERE created_at < ? ORDER BY created_at LIMIT ?
          FOR UPDATE SKIP LOCKED)
        """).params(Timestamp.from(cutoff), batch).update();
  }
}
