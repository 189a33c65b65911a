package io.shopscale.platform.jobs;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/** {@link BackgroundWork} for every service with a database and a transaction manager. */
@AutoConfiguration(afterName = "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration")
@ConditionalOnClass({PlatformTransactionManager.class, JdbcClient.class})
@ConditionalOnSingleCandidate(PlatformTransactionManager.class)
@EnableConfigurationProperties(BackgroundWorkSettings.class)
public class BackgroundWorkAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  BackgroundWork backgroundWork(PlatformTransactionManager transactions, DataSource dataSource,
      BackgroundWorkSettings settings) {
    return new BackgroundWork(transactions, JdbcClient.create(dataSource), settings.statementTimeout());
  }
}
