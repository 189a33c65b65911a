package io.shopscale.payment.charging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param workers threads that make provider calls and record their outcome
 * @param queueCapacity calls waiting for a worker; beyond it a hand-over is refused and left to the recovery job
 * @param recoverAfter a charge or refund handed over this long ago and still unanswered is handed over again; longer
 *     than a call can take with all its retries, so a healthy call is not duplicated (a duplicate would be harmless)
 * @param recoveryInterval how often the recovery job looks
 * @param recoveryBatch payments re-driven per look at most
 */
@ConfigurationProperties("shopscale.payment.charging")
record ChargingSettings(
    @DefaultValue("8") int workers,
    @DefaultValue("1000") int queueCapacity,
    @DefaultValue("30s") Duration recoverAfter,
    @DefaultValue("5s") Duration recoveryInterval,
    @DefaultValue("100") int recoveryBatch) {
}
