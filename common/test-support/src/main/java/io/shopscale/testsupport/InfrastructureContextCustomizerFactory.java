package io.shopscale.testsupport;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.shopscale.embedded.PostgresPair;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/** Turns {@link ShopScaleInfrastructure} into connection properties, one application context per test class. */
class InfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

  @Override
  public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
      List<ContextConfigurationAttributes> configAttributes) {
    var annotation = MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY)
        .get(ShopScaleInfrastructure.class);
    if (!annotation.isPresent()) {
      return null;
    }
    Server[] servers = annotation.getEnumArray("value", Server.class);
    return new InfrastructureCustomizer(testClass, Set.copyOf(Arrays.asList(servers)));
  }

  /**
   * Connection properties for {@code servers}: a fresh database named after {@code owner}, a Redis key namespace of
   * its own, the shared broker, the test JWKS. Shared with {@link TestRun}.
   */
  static Map<String, Object> properties(String owner, Set<Server> servers) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("shopscale.security.jwt.jwks-uri", TestJwtIssuer.get().jwksUri().toString());
    if (servers.contains(Server.POSTGRES_WITH_REPLICA)) {
      PostgresPair pair = PostgresPair.get();
      String database = pair.createDatabase(owner);
      properties.put("spring.datasource.url", pair.primaryUrl(database));
      properties.put("spring.datasource.username", pair.user());
      properties.put("spring.datasource.password", pair.password());
      properties.put("shopscale.datasource.replicas[0].url", pair.replicaUrl(database));
    }
    else if (servers.contains(Server.POSTGRES)) {
      TestPostgres postgres = TestPostgres.get();
      properties.put("spring.datasource.url", postgres.createDatabase(owner));
      properties.put("spring.datasource.username", postgres.user());
      properties.put("spring.datasource.password", postgres.password());
    }
    // contexts stay cached until the JVM ends: keep each one's idle footprint on the shared server small
    properties.put("spring.datasource.hikari.maximum-pool-size", "8");
    properties.put("spring.datasource.hikari.minimum-idle", "0");
    properties.put("spring.datasource.hikari.idle-timeout", "10000");
    if (servers.contains(Server.REDIS)) {
      properties.put("spring.data.redis.url", TestRedis.url());
      properties.put("shopscale.cache.key-prefix", "test-" + UUID.randomUUID());
    }
    if (servers.contains(Server.KAFKA)) {
      properties.put("spring.kafka.bootstrap-servers", TestKafka.bootstrapServers());
    }
    else {
      // no broker for this test: the outbox keeps its rows and the listeners stay stopped, instead of both
      // retrying against a missing broker
      properties.put("shopscale.outbox.relay-enabled", "false");
      properties.put("spring.kafka.listener.auto-startup", "false");
    }
    return properties;
  }

  /** Equal only for the same test class, so each class gets its own context and therefore its own database. */
  private record InfrastructureCustomizer(Class<?> testClass, Set<Server> servers) implements ContextCustomizer {

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
      Map<String, Object> properties = properties(testClass.getSimpleName(), servers);
      context.getEnvironment().getPropertySources()
          .addFirst(new MapPropertySource("shopscaleTestInfrastructure", properties));
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof InfrastructureCustomizer that && testClass == that.testClass
          && servers.equals(that.servers);
    }

    @Override
    public int hashCode() {
      return Objects.hash(testClass, servers);
    }
  }
}
