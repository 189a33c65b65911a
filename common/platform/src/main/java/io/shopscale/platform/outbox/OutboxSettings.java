package io.shopscale.platform.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pollInterval how often an idle relay looks for new rows; bounds the publish lag when the broker is up
 * @param batchSize rows published per relay transaction
 * @param maxBackoff the longest pause between attempts while the broker is down: short, so a broker that is back
 *     is used within seconds (a failed attempt costs one connection try)
 * @param sendTimeout how long one batch may wait for the broker's acknowledgements
 * @param retention how long published rows are kept (for inspection and replays) before they are deleted
 */
@ConfigurationProperties("shopscale.outbox")
public record OutboxSettings(
    @DefaultValue("true") boolean relayEnabled,
    @DefaultValue("50ms") Duration pollInterval,
    @DefaultValue("200") int batchSize,
    @DefaultValue("5s") Duration maxBackoff,
    @DefaultValue("10s") Duration sendTimeout,
    @DefaultValue("24h") Duration retention) {
}
