package io.shopscale.platform.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** Problem details, correlation ids and a bound on requests in progress for every servlet service. */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.SERVLET)
@Import(ProblemDetailsAdvice.class)
@EnableConfigurationProperties(WebSettings.class)
public class PlatformWebAutoConfiguration {

  /** Only where Spring's data access is on the classpath: the storefront has none. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.dao.DataAccessException")
  @Import(DataAccessProblemsAdvice.class)
  static class DataAccessProblems {
  }

  @Bean
  FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
    var registration = new FilterRegistrationBean<>(new CorrelationIdFilter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  @Bean
  FilterRegistrationBean<InFlightLimitFilter> inFlightLimitFilter(WebSettings settings,
      ProblemResponseWriter problems, ObjectProvider<MeterRegistry> meters) {
    MeterRegistry registry = meters.getIfAvailable();
    Counter refused = registry == null
        ? null
        : Counter.builder("shopscale.web.requests.refused")
            .description("requests answered 503 because the service had shopscale.web.max-in-flight in progress")
            .register(registry);
    var registration = new FilterRegistrationBean<>(
        new InFlightLimitFilter(settings.maxInFlight(), problems, refused));
    // after the correlation id, so the 503 carries it; before security and everything else, so it costs nothing
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return registration;
  }

  @Bean
  ProblemResponseWriter problemResponseWriter(JsonMapper json) {
    return new ProblemResponseWriter(json);
  }
}
