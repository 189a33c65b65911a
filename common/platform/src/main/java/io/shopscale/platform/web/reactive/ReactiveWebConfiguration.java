package io.shopscale.platform.web.reactive;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Problem details and correlation ids for a WebFlux application; imported by the platform's reactive auto-configuration. */
@Configuration(proxyBeanMethods = false)
public class ReactiveWebConfiguration {

  @Bean
  CorrelationIdWebFilter correlationIdWebFilter() {
    return new CorrelationIdWebFilter();
  }

  @Bean
  ReactiveProblemWriter reactiveProblemWriter(JsonMapper json) {
    return new ReactiveProblemWriter(json);
  }

  @Bean
  ProblemExceptionHandler problemExceptionHandler(ReactiveProblemWriter writer) {
    return new ProblemExceptionHandler(writer);
  }
}
