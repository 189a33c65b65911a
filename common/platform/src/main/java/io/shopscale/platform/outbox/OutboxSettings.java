package io.shopscale.platform.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param relayEnabled whether this instance runs a relay (every instance may: they never reorder an aggregate)
 * @param pollInterval how often a relay without its LISTEN connection looks for new rows, and the first step of its
 *     back-off while the broker is down
 * @param idleCheck how long a listening relay waits for a commit's notification before it looks at the table anyway
 *     (a notification is lost only when its connection is, and the relay re-listens at once then)
 * @param batchSize rows published per relay transaction
 * @param maxBackoff the longest pause between attempts while the broker is down: short, so a broker that is back
 *     is used within seconds (a failed attempt costs one connection try)
 * @param sendTimeout how long one batch may wait for the broker's acknowledgements
 * @param maxAttempts failed attempts after which a row the broker keeps refusing (while it takes others) is parked
 *     for an operator; its aggregate's later rows wait behind it
 * @param retryDelay the wait after a row's first failed attempt; doubled after each further one
 * @param maxRetryDelay the longest wait between a refused row's attempts
 * @param housekeepingInterval how often the relay refreshes the backlog and parked gauges
 * @param retention how long published rows are kept (for inspection and replays) at least; rounded up to whole days:
 *     the table is partitioned by day of {@code created_at} and a day's partition is dropped once every row in it
 *     was published longer ago than this, so a row goes between this and this + 1 day after its publication
 * @param partitionsAhead how many days after today have their outbox partition ready; a row whose day has none waits
 *     in the DEFAULT partition until the next maintenance run gives it one
 * @param partitionMaintenanceEvery how often each instance creates the partitions ahead and drops those past the
 *     retention (at start-up too); instances take turns through an advisory lock
 * @param partitionLockTimeout how long a partition's attach or drop waits for its table lock before it gives up
 *     until the next run: short, since inserts queue behind a waiting DDL statement
 */
@ConfigurationProperties("shopscale.outbox")
public record OutboxSettings(
    @DefaultValue("true") boolean relayEnabled,
    @DefaultValue("50ms") Duration pollInterval,
    @DefaultValue("10s") Duration idleCheck,
    @DefaultValue("200") int batchSize,
    @DefaultValue("5s") Duration maxBackoff,
    @DefaultValue("10s") Duration sendTimeout,
    @DefaultValue("10") int maxAttempts,
    @DefaultValue("1s") Duration retryDelay,
    @DefaultValue("5m") Duration maxRetryDelay,
    @DefaultValue("10s") Duration housekeepingInterval,
    @DefaultValue("24h") Duration retention,
    @DefaultValue("7") int partitionsAhead,
    @DefaultValue("1h") Duration partitionMaintenanceEvery,
    @DefaultValue("1s") Duration partitionLockTimeout) {
}
