package io.shopscale.payment.charging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param workers threads that make provider calls and record their outcome
 * @param queueCapacity calls waiting for a worker (and charges waiting in one customer's line); beyond it a hand-over
 *     is refused and left to the recovery job
 * @param chargesPerCustomer charges of one customer queued or running at once; the rest wait in the customer's line,
 *     so one customer's slow cards never hold every worker
 * @param recoveryInterval how often the recovery job looks for due calls (when to re-drive: {@code shopscale.payment
 *     .retry})
 * @param recoveryBatch payments re-driven per look at most
 */
@ConfigurationProperties("shopscale.payment.charging")
record ChargingSettings(
    @DefaultValue("8") int workers,
    @DefaultValue("1000") int queueCapacity,
    @DefaultValue("2") int chargesPerCustomer,
    @DefaultValue("5s") Duration recoveryInterval,
    @DefaultValue("100") int recoveryBatch) {
}
