package io.shopscale.inventory.views;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether reads count views at all; off, a read sends nothing to Redis and the flush still stores
 *     batches counted before (ProductReadBenchmark measures a read with and without it)
 * @param flushEvery how often the counts in Redis are added to PostgreSQL: how far the stored counts lag, and how many
 *     views a Redis that loses its data takes with it
 * @param batchRetention how long an applied batch's id is remembered; far longer than a batch can wait in Redis for
 *     its next flush after a crash
 */
@ConfigurationProperties("shopscale.inventory.views")
record ViewsSettings(@DefaultValue("true") boolean enabled, @DefaultValue("10s") Duration flushEvery,
    @DefaultValue("7d") Duration batchRetention) {
}
