package io.shopscale.platform.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/**
 * Adds {@code shopscale-platform-defaults.properties} with the lowest precedence, so services share one set of
 * operational defaults and override only what differs. Runs after config data so the active profiles are known.
 */
class PlatformDefaults implements EnvironmentPostProcessor, Ordered {

  static final String SOURCE_NAME = "shopscalePlatformDefaults";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    try {
      Properties defaults = PropertiesLoaderUtils.loadProperties(
          new ClassPathResource("shopscale-platform-defaults.properties"));
      environment.getPropertySources().addLast(new PropertiesPropertySource(SOURCE_NAME, defaults));
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    // People read logs on their terminal locally; everywhere else log shippers read one JSON object per line.
    boolean local = Arrays.asList(environment.getActiveProfiles()).contains("local");
    if (!local) {
      environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME + ".logging",
          Map.of("logging.structured.format.console", "logstash")));
    }
  }

  @Override
  public int getOrder() {
    return ConfigDataEnvironmentPostProcessor.ORDER + 1;
  }
}
