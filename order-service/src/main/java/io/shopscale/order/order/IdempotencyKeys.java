package io.shopscale.order.order;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which order an Idempotency-Key produced, per user, for a day. The primary key arbitrates concurrent twins:
 * the second insert waits for the first transaction and then does nothing, so one key yields one order.
 */
@Component
class IdempotencyKeys {

  record Claim(UUID orderId, String requestHash) {
  }

  private final JdbcClient jdbc;

  IdempotencyKeys(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Claim> find(UUID userId, String key) {
    return jdbc.sql("SELECT order_id, request_hash FROM idempotency_keys WHERE user_id = ? AND key = ?")
        .params(userId, key)
        .query((rs, row) -> new Claim(rs.getObject(1, UUID.class), rs.getString(2)))
        .optional();
  }

  /** False when the key is taken (by a twin that committed meanwhile, or earlier). */
  boolean claim(UUID userId, String key, String requestHash, UUID orderId, Instant now) {
    return jdbc.sql("""
        INSERT INTO idempotency_keys (user_id, key, request_hash, order_id, created_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (user_id, key) DO NOTHING
        """).params(userId, key, requestHash, orderId, java.sql.Timestamp.from(now)).update() == 1;
  }

  int forgetOlderThan(Instant cutoff) {
    return jdbc.sql("DELETE FROM idempotency_keys WHERE created_at < ?").param(java.sql.Timestamp.from(cutoff))
        .update();
  }
}
