package io.shopscale.payment.provider;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The simulated provider's run-time switch ({@code PUT /internal/chaos/provider}, administrators only), which the local
 * stack's chaos controls turn ({@code ./shopscale chaos payments slow|failing|normal}).
 *
 * @param enabled whether the switch exists at all: on in the {@code local} profile only, never in compose or
 *     Kubernetes (anyone holding an admin token could make every payment fail)
 * @param slowLatency what {@code slow} adds to every provider call: past the provider time limit (2 s), so calls time
 *     out, are retried and open the breaker
 */
@ConfigurationProperties("shopscale.payment.provider.simulated.run-time-switch")
record ProviderSwitchSettings(@DefaultValue("false") boolean enabled, @DefaultValue("3s") Duration slowLatency) {
}
