package io.shopscale.platform.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retries how often a failing record is retried (with exponential back-off) before it goes to
 *     {@code <topic>.DLT}; a poison record then no longer blocks its partition
 * @param initialBackoff the wait before the first retry; each further wait doubles
 * @param maxBackoff the longest wait between two retries
 */
@ConfigurationProperties("shopscale.kafka.consumer")
public record ConsumerSettings(
    @DefaultValue("4") int retries,
    @DefaultValue("200ms") Duration initialBackoff,
    @DefaultValue("5s") Duration maxBackoff) {
}
