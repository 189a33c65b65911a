package io.shopscale.gateway.edge;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Spring Security observes every exchange by default: its filter chain before and after the gateway's handler, and
 * each authorization decision, every one an observation with a timer, a long-task timer and a span. At the edge that
 * work is done for every proxied request on the event loop (a JFR profile of {@code GatewayOverheadBenchmark} put
 * about a tenth of the event loops' time in those observations), and it tells nothing that
 * {@code http.server.requests} does not already show: a refused request is a 401 or 403 there, with its duration.
 * Token validation stays observed: it is the one security step that can be slow (a JWKS fetch).
 */
@Configuration(proxyBeanMethods = false)
class SecurityObservations {

  @Bean
  SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.withDefaults()
        .shouldObserveRequests(false)
        .shouldObserveAuthorizations(false)
        .build();
  }
}
