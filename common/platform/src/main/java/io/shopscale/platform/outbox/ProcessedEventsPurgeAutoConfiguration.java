package io.shopscale.platform.outbox;

import java.time.Clock;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.platform.config.SchedulingAutoConfiguration;
import io.shopscale.platform.jobs.BackgroundWork;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The platform tables' scheduled housekeeping in every service that has them: the purge of {@code processed_events}
 * and the outbox's day partitions ({@link OutboxPartitions}), so both are bounded everywhere without a copy of the
 * jobs per service. Ordered before the scheduler's auto-configurations: they look for the scheduling this
 * enables, so in a service with no scheduled job of its own the purge still runs on the platform's job pool.
 */
@AutoConfiguration(after = OutboxAutoConfiguration.class, before = {SchedulingAutoConfiguration.class,
    TaskSchedulingAutoConfiguration.class})
@ConditionalOnBean(PlatformSchema.class)
@EnableConfigurationProperties(ProcessedEventsSettings.class)
@EnableScheduling
public class ProcessedEventsPurgeAutoConfiguration {

  @Bean
  ProcessedEventsPurge processedEventsPurge(DataSource dataSource, BackgroundWork background,
      ProcessedEventsSettings settings, ObjectProvider<Clock> clock, MeterRegistry meters, PlatformSchema schema) {
    return new ProcessedEventsPurge(JdbcClient.create(dataSource), background, settings,
        clock.getIfAvailable(Clock::systemUTC), meters);
  }

  @Bean
  OutboxPartitions outboxPartitions(DataSource dataSource, BackgroundWork background, OutboxSettings settings,
      ObjectProvider<Clock> clock, MeterRegistry meters, PlatformSchema schema) {
    return new OutboxPartitions(JdbcClient.create(dataSource), background, settings,
        clock.getIfAvailable(Clock::systemUTC), meters);
  }
}
