package io.shopscale.payment.provider;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param latency how long every call takes
 * @param failureRate share of calls (0 to 1) that fail with a transient error before anything happens
 * @param slowDelay how long {@code tok_slow} keeps a charge waiting: far longer than any sensible time limit
 * @param testCards whether {@code tok_chargeDeclined} and {@code tok_slow} behave as test cards (declined, hanging);
 *     off, they are declined as invalid tokens like any unknown one. A local and demo feature only: with it on, any
 *     customer can make the provider hang on purpose. On in the {@code local} and {@code compose} profiles.
 */
@ConfigurationProperties("shopscale.payment.provider.simulated")
record SimulatedProviderSettings(
    @DefaultValue("20ms") Duration latency,
    @DefaultValue("0") double failureRate,
    @DefaultValue("60s") Duration slowDelay,
    @DefaultValue("false") boolean testCards) {

  SimulatedProviderSettings {
    if (failureRate < 0 || failureRate > 1) {
      throw new IllegalArgumentException("failure-rate must be between 0 and 1: " + failureRate);
    }
  }
}
