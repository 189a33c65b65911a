package io.shopscale.platform.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.shopscale.platform.datasource.ReadWriteRoutingAutoConfiguration;
import io.shopscale.platform.jobs.BackgroundWork;
import io.shopscale.platform.jobs.BackgroundWorkAutoConfiguration;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox and processed-event tables for every service with a database; the relay where Kafka is configured. */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, ReadWriteRoutingAutoConfiguration.class,
    BackgroundWorkAutoConfiguration.class,
    KafkaAutoConfiguration.class, FlywayAutoConfiguration.class})
@ConditionalOnClass({JdbcClient.class, Flyway.class})
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(OutboxSettings.class)
public class OutboxAutoConfiguration {

  // After the service's own migrations: they expect an empty schema on the first run; the platform's baseline a
  // non-empty one.
  @Bean
  PlatformSchema platformSchema(DataSource dataSource, ObjectProvider<FlywayMigrationInitializer> serviceMigrations) {
    serviceMigrations.ifAvailable(initializer -> {
    });
    return new PlatformSchema(dataSource);
  }

  @Bean
  TraceContinuation outboxTraceContinuation(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
    return new TraceContinuation(tracer.getIfAvailable(), propagator.getIfAvailable());
  }

  @Bean
  Outbox outbox(DataSource dataSource, Environment environment, ObjectProvider<Clock> clock, PlatformSchema schema,
      TraceContinuation traces) {
    return new Outbox(JdbcClient.create(dataSource),
        "/" + environment.getProperty("spring.application.name", "shopscale"),
        clock.getIfAvailable(Clock::systemUTC), traces);
  }

  @Bean
  ProcessedEvents processedEvents(DataSource dataSource, PlatformSchema schema) {
    return new ProcessedEvents(JdbcClient.create(dataSource));
  }

  @Bean
  InboundEvents inboundEvents(PlatformTransactionManager transactions, ProcessedEvents processed,
      MeterRegistry meters) {
    return new InboundEvents(new TransactionTemplate(transactions), processed, meters);
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(KafkaTemplate.class)
  @ConditionalOnBean(KafkaTemplate.class)
  @ConditionalOnProperty(prefix = "shopscale.outbox", name = "relay-enabled", matchIfMissing = true)
  static class Relay {

    @Bean
    OutboxRelay outboxRelay(DataSource dataSource, BackgroundWork background, KafkaTemplate<String, String> kafka,
        OutboxSettings settings, MeterRegistry meters, PlatformSchema schema,
        TraceContinuation traces, ObjectProvider<DataSourceProperties> primary) {
      return new OutboxRelay(JdbcClient.create(dataSource), background, kafka, settings,
          meters, traces, new OutboxWakeUps(listenConnection(primary.getIfAvailable()), settings.pollInterval()));
    }

    // The LISTEN connection is the relay's own, outside the pools: it is held for the life of the service and
    // spends it blocked in a read, which would pin a pooled connection and confuse the pool's metrics.
    private static @Nullable Callable<Connection> listenConnection(@Nullable DataSourceProperties primary) {
      String url = primary == null ? null : primary.getUrl();
      if (url == null || !url.startsWith("jdbc:postgresql:")) {
        return null;
      }
      String user = primary.getUsername();
      String password = primary.getPassword();
      return () -> DriverManager.getConnection(url, user, password);
    }
  }
}
