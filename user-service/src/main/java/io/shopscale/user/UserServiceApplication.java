package io.shopscale.user;

import java.time.Clock;

import io.shopscale.platform.security.ApiAuthorization;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class UserServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(UserServiceApplication.class, args);
  }

  /** Registering, logging in and fetching the keys need no token; admin paths need the ADMIN role. */
  @Bean
  ApiAuthorization identityRules() {
    return rules -> rules
        .requestMatchers(HttpMethod.POST, "/api/users", "/api/auth/login", "/api/auth/refresh", "/api/auth/logout")
        .permitAll()
        .requestMatchers(HttpMethod.GET, "/.well-known/jwks.json").permitAll()
        .requestMatchers("/api/admin/**").hasRole("ADMIN");
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
