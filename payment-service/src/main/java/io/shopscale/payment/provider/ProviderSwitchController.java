package io.shopscale.payment.provider;

import io.shopscale.payment.provider.SimulatedPaymentProvider.Behaviour;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Breaks the simulated provider on purpose at run time, for the local stack's chaos controls: {@code slow} (every call
 * takes longer than the time limit), {@code failing} (every call fails transiently) or {@code normal}. Exists only
 * when {@code shopscale.payment.provider.simulated.run-time-switch.enabled} (the {@code local} profile); outside the
 * gateway's routes, and for administrators only even there ({@code PaymentServiceApplication}).
 */
// not the public API: the gateway never routes it, and the documents are the same whether it is on or not
@Hidden
@RestController
@RequestMapping("/internal/chaos/provider")
@ConditionalOnBooleanProperty("shopscale.payment.provider.simulated.run-time-switch.enabled")
@EnableConfigurationProperties(ProviderSwitchSettings.class) // also in web slice tests, which skip the properties scan
class ProviderSwitchController {

  private final SimulatedPaymentProvider provider;
  private final ProviderSwitchSettings settings;

  ProviderSwitchController(SimulatedPaymentProvider provider, ProviderSwitchSettings settings) {
    this.provider = provider;
    this.settings = settings;
  }

  @GetMapping
  ProviderBehaviour current() {
    return new ProviderBehaviour(provider.behaviour());
  }

  @PutMapping
  ProviderBehaviour behave(@RequestBody @Valid ProviderBehaviour requested) {
    provider.behave(requested.behaviour(), settings.slowLatency());
    return current();
  }

  /** @param behaviour {@code NORMAL}, {@code SLOW} or {@code FAILING} */
  record ProviderBehaviour(@NotNull Behaviour behaviour) {
  }
}
