/**
 * Transactional outbox and idempotent consumers: events commit with the change that caused them and reach Kafka
 * at least once, in order per aggregate; consumers apply each event once.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.platform.outbox;
