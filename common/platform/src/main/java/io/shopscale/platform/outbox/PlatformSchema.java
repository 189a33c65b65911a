package io.shopscale.platform.outbox;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;

/**
 * Migrates the platform's own tables (outbox, processed events) with a history table of their own, so service
 * migration versions never collide with platform ones. Runs on the primary like every write.
 */
final class PlatformSchema implements InitializingBean {

  private final DataSource dataSource;

  PlatformSchema(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void afterPropertiesSet() {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/platform")
        .table("platform_schema_history")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }
}
