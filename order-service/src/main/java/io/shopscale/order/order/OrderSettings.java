package io.shopscale.order.order;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param currency the deployment's one currency; catalog prices are in it
 * @param idempotencyKeyRetention how long a key keeps answering with its order (docs/api.md: 24 h)
 * @param idempotencyKeyPurgeEvery how often expired keys are deleted; only reclaims space, since an expired key is
 *     ignored whether or not its row is still there
 * @param idempotencyKeyPurgeBatch keys deleted per statement, so one purge never holds many row locks for long
 */
@ConfigurationProperties("shopscale.order")
record OrderSettings(@DefaultValue("USD") String currency, @DefaultValue("24h") Duration idempotencyKeyRetention,
    @DefaultValue("10m") Duration idempotencyKeyPurgeEvery, @DefaultValue("1000") int idempotencyKeyPurgeBatch) {

  OrderSettings {
    // a batch of 0 deletes nothing and would look like a full batch to the purge's loop for ever
    if (idempotencyKeyPurgeBatch < 1) {
      throw new IllegalArgumentException("shopscale.order.idempotency-key-purge-batch must be at least 1");
    }
  }
}
