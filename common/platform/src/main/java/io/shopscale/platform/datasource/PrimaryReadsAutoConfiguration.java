package io.shopscale.platform.datasource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@link PrimaryReads} for every service with a transaction manager, replicas or not. Not part of the routing
 * auto-configuration, which backs off without replicas: a service's code must not depend on whether they are there.
 */
@AutoConfiguration(afterName = "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration")
@ConditionalOnClass(PlatformTransactionManager.class)
@ConditionalOnSingleCandidate(PlatformTransactionManager.class)
public class PrimaryReadsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  PrimaryReads primaryReads(PlatformTransactionManager transactions) {
    return new PrimaryReads(transactions);
  }
}
