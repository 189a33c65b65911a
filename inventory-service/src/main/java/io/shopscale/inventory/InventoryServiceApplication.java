package io.shopscale.inventory;

import java.time.Clock;

import io.shopscale.platform.security.ApiAuthorization;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.http.HttpMethod;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class InventoryServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(InventoryServiceApplication.class, args);
  }

  /**
   * Anyone may browse the catalog; only administrators change it, read its view counts, or slow it down (local
   * profile only).
   */
  @Bean
  ApiAuthorization catalogRules() {
    return rules -> rules
        .requestMatchers(HttpMethod.GET, "/api/products/*/views").hasRole("ADMIN")
        .requestMatchers(HttpMethod.GET, "/api/products", "/api/products/**").permitAll()
        .requestMatchers(HttpMethod.HEAD, "/api/products", "/api/products/**").permitAll()
        .requestMatchers("/api/products", "/api/products/**").hasRole("ADMIN")
        .requestMatchers("/internal/chaos/**").hasRole("ADMIN");
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
