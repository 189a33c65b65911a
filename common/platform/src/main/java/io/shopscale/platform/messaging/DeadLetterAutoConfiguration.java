package io.shopscale.platform.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.platform.outbox.PoisonEventException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Every listener of every service handles failures the same way: a record that keeps failing is retried a bounded
 * number of times, then published to {@code <topic>.DLT} with the failure in its headers, counted in
 * {@code shopscale.kafka.dead.letters} (alerted on), and its offset committed so the partition moves on. A record
 * that cannot be an event at all ({@link PoisonEventException}) is dead-lettered at once.
 */
// After Kafka's auto-configuration, which defines the template this handler needs; its listener container factory
// looks the handler up lazily, when it is created.
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties(ConsumerSettings.class)
public class DeadLetterAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterAutoConfiguration.class);

  @Bean
  @ConditionalOnBean(KafkaTemplate.class)
  CommonErrorHandler deadLetterErrorHandler(KafkaTemplate<Object, Object> kafka, ConsumerSettings settings,
      MeterRegistry meters) {
    // partition -1: the DLT may have another partition count; Kafka picks the partition by key
    var recoverer = new DeadLetterPublishingRecoverer(kafka, (record, failure) -> {
      meters.counter("shopscale.kafka.dead.letters", "topic", record.topic()).increment();
      log.error("Dead-lettering {}-{}@{} after {} retries: {}", record.topic(), record.partition(), record.offset(),
          settings.retries(), failure.toString());
      return new TopicPartition(record.topic() + TopicSettings.DEAD_LETTER_SUFFIX, -1);
    });
    var handler = new DefaultErrorHandler(recoverer, backOff(settings.retries(), settings));
    handler.addNotRetryableExceptions(PoisonEventException.class);
    // Our own database being unavailable says nothing about the record: dead-lettering it would drop a healthy
    // event from the saga. Such failures are retried without bound (the partition waits, as it must to keep order).
    BackOff untilTheDatabaseIsBack = backOff(Integer.MAX_VALUE, settings);
    handler.setBackOffFunction((record, failure) -> isInfrastructure(failure) ? untilTheDatabaseIsBack : null);
    return handler;
  }

  private static BackOff backOff(int attempts, ConsumerSettings settings) {
    var backOff = new ExponentialBackOff(settings.initialBackoff().toMillis(), 2.0);
    backOff.setMaxInterval(settings.maxBackoff().toMillis());
    backOff.setMaxAttempts(attempts);
    return backOff;
  }

  static boolean isInfrastructure(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
          || cause instanceof TransientDataAccessException) {
        return true;
      }
    }
    return false;
  }
}
