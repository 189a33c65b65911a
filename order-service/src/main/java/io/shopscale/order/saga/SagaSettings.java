package io.shopscale.order.saga;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param timeout an order still PENDING this long after its OrderPlaced was published is cancelled with
 *     PAYMENT_TIMEOUT
 * @param sweepEvery how often the sweeper looks; the cancellation happens within timeout + sweepEvery
 * @param sweepBatch orders cancelled per sweeper transaction
 */
@ConfigurationProperties("shopscale.order.saga")
record SagaSettings(@DefaultValue("20s") Duration timeout, @DefaultValue("1s") Duration sweepEvery,
    @DefaultValue("100") int sweepBatch) {
}
