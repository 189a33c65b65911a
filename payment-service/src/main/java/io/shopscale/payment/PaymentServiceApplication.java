package io.shopscale.payment;

import java.time.Clock;

import io.shopscale.platform.security.ApiAuthorization;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PaymentServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(PaymentServiceApplication.class, args);
  }

  /**
   * Customers and administrators read payments; which payment a customer may see (only their own order's) is decided
   * by the service, which answers 404 for anyone else's so ids cannot be probed. The provider's run-time switch
   * (local profile only) is for administrators.
   */
  @Bean
  ApiAuthorization paymentRules() {
    return rules -> rules
        .requestMatchers(HttpMethod.GET, "/api/payments").hasAnyRole("CUSTOMER", "ADMIN")
        .requestMatchers("/internal/chaos/**").hasRole("ADMIN");
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
