package io.shopscale.platform.openapi;

import io.shopscale.platform.security.PlatformSecurityAutoConfiguration;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;

/** Completes the OpenAPI document of every servlet service that has springdoc ({@link PlatformOpenApi}). */
@AutoConfiguration(after = PlatformSecurityAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(OpenApiCustomizer.class)
@EnableConfigurationProperties(OpenApiSettings.class)
public class OpenApiAutoConfiguration {

  @Bean
  OpenApiCustomizer platformOpenApi(OpenApiSettings settings, Environment environment,
      WebInvocationPrivilegeEvaluator urlRules) {
    return new PlatformOpenApi(environment.getProperty("spring.application.name", "shopscale"), settings, urlRules);
  }
}
