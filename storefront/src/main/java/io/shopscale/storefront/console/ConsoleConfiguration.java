package io.shopscale.storefront.console;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/** The console's figures come from Prometheus when one is configured, otherwise from the services themselves. */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration {

  @Bean
  Clock consoleClock() {
    return Clock.systemUTC();
  }

  @Bean
  ConsoleHistory consoleHistory(RestClient.Builder http, ConsoleSettings settings, Clock consoleClock) {
    MetricsSource source = settings.prometheusUrl() != null
        ? new PrometheusMetrics(http, settings.prometheusUrl())
        : new ActuatorMetrics(http, settings.services());
    return new ConsoleHistory(source, consoleClock, settings.window(), settings.refresh());
  }

  @Bean
  ChaosClient chaosClient(RestClient.Builder http, ConsoleSettings settings) {
    return new ChaosClient(http, settings);
  }
}
