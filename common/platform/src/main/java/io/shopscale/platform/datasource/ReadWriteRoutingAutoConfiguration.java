package io.shopscale.platform.datasource;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * When replicas are configured, the service's one DataSource becomes a {@link LazyConnectionDataSourceProxy}: a
 * connection is only fetched at the first statement, from the replica side inside read-only transactions and from
 * the primary otherwise (so Flyway and every write run on the primary). Without replicas this backs off and Boot's
 * plain DataSource is used.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({HikariDataSource.class, LazyConnectionDataSourceProxy.class})
@Conditional(ReadWriteRoutingAutoConfiguration.ReplicasConfigured.class)
@EnableConfigurationProperties({RoutingSettings.class, DataSourceProperties.class})
public class ReadWriteRoutingAutoConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.data.redis.core.StringRedisTemplate")
  static class SharedReadYourWrites {

    @Bean
    ReadYourWrites readYourWrites(RoutingSettings settings, ObjectProvider<StringRedisTemplate> redis,
        Environment environment) {
      StringRedisTemplate template = redis.getIfAvailable();
      return new ReadYourWrites(settings.readYourWritesBound(),
          template == null ? null : new RedisMarks(template, keyPrefix(environment)));
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingClass("org.springframework.data.redis.core.StringRedisTemplate")
  static class LocalReadYourWrites {

    @Bean
    ReadYourWrites readYourWrites(RoutingSettings settings) {
      // without Redis the marks stay in this instance: another replica of the service may serve the writer from a
      // database replica, at most the lag bound behind
      return new ReadYourWrites(settings.readYourWritesBound(), null);
    }
  }

  static String keyPrefix(Environment environment) {
    return environment.getProperty("shopscale.cache.key-prefix",
        environment.getProperty("spring.application.name", "shopscale"));
  }

  @Bean(destroyMethod = "close")
  HikariDataSource primaryPool(DataSourceProperties properties, Environment environment, MeterRegistry meters) {
    HikariDataSource pool = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
    Binder.get(environment).bind("spring.datasource.hikari", Bindable.ofInstance(pool));
    pool.setPoolName("primary");
    pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
    return pool;
  }

  @Bean(destroyMethod = "close")
  ReplicaRouter replicaRouter(HikariDataSource primaryPool, DataSourceProperties primary, RoutingSettings settings,
      ReadYourWrites readYourWrites, MeterRegistry meters) {
    List<HikariDataSource> pools = new ArrayList<>();
    for (int i = 0; i < settings.replicas().size(); i++) {
      RoutingSettings.Replica replica = settings.replicas().get(i);
      HikariDataSource pool = new HikariDataSource();
      pool.setPoolName("replica-" + (i + 1));
      pool.setJdbcUrl(replica.url());
      pool.setUsername(replica.username() != null ? replica.username() : primary.determineUsername());
      pool.setPassword(replica.password() != null ? replica.password() : primary.determinePassword());
      pool.setReadOnly(true);
      pool.setMaximumPoolSize(settings.replicaPool().maximumSize());
      pool.setMinimumIdle(0);
      pool.setConnectionTimeout(settings.replicaPool().connectionTimeout().toMillis());
      // a replica that is down at start-up must not stop the service: it joins when its health check passes
      pool.setInitializationFailTimeout(-1);
      pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
      pools.add(pool);
    }
    return new ReplicaRouter(primaryPool, pools, readYourWrites, settings, meters);
  }

  @Bean
  @Primary
  DataSource dataSource(HikariDataSource primaryPool, ReplicaRouter replicaRouter) {
    LazyConnectionDataSourceProxy proxy = new LazyConnectionDataSourceProxy(primaryPool);
    proxy.setReadOnlyDataSource(replicaRouter);
    return proxy;
  }

  static class ReplicasConfigured extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
      boolean configured = Binder.get(context.getEnvironment())
          .bind("shopscale.datasource.replicas", Bindable.listOf(RoutingSettings.Replica.class))
          .map(list -> !list.isEmpty()).orElse(false);
      return configured
          ? ConditionOutcome.match("replicas configured")
          : ConditionOutcome.noMatch("no shopscale.datasource.replicas: every query runs on the primary");
    }
  }
}
