package io.shopscale.payment.provider;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param latency how long every call takes
 * @param failureRate share of calls (0 to 1) that fail with a transient error before anything happens
 * @param slowDelay how long {@code tok_slow} keeps a call waiting: far longer than any sensible time limit
 */
@ConfigurationProperties("shopscale.payment.provider.simulated")
record SimulatedProviderSettings(
    @DefaultValue("20ms") Duration latency,
    @DefaultValue("0") double failureRate,
    @DefaultValue("60s") Duration slowDelay) {

  SimulatedProviderSettings {
    if (failureRate < 0 || failureRate > 1) {
      throw new IllegalArgumentException("failure-rate must be between 0 and 1: " + failureRate);
    }
  }
}
