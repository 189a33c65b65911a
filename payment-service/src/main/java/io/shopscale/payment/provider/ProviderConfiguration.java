package io.shopscale.payment.provider;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The simulated provider behind the port, and the guards every call to it goes through. */
@Configuration(proxyBeanMethods = false)
class ProviderConfiguration {

  // A real provider's adapter would replace this bean; nothing else changes.
  @Bean
  SimulatedPaymentProvider simulatedPaymentProvider(SimulatedProviderSettings settings) {
    return new SimulatedPaymentProvider(settings);
  }

  @Bean
  ResilientPaymentProvider resilientPaymentProvider(PaymentProvider provider, ProviderResilienceSettings settings,
      MeterRegistry meters) {
    return new ResilientPaymentProvider(provider, settings, meters);
  }
}
