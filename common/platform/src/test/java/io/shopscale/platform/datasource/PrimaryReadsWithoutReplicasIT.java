package io.shopscale.platform.datasource;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopscale.platformtest.PlatformTestApplication;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** A service without replicas uses the same {@link PrimaryReads}: a plain read-only transaction. */
@SpringBootTest(classes = PlatformTestApplication.class)
@ShopScaleInfrastructure(Server.POSTGRES)
class PrimaryReadsWithoutReplicasIT {

  @Autowired
  PrimaryReads primaryReads;

  @Autowired
  JdbcClient jdbc;

  @Test
  void givenNoReplicas_whenReadingFromThePrimary_thenItRunsInAReadOnlyTransactionOnThePrimary() {
    // when
    String where = primaryReads.read(() -> {
      assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isTrue();
      assertThat(TransactionSynchronizationManager.isCurrentTransactionReadOnly()).isTrue();
      return jdbc.sql("SELECT CASE WHEN pg_is_in_recovery() THEN 'replica' ELSE 'primary' END")
          .query(String.class).single();
    });
    // then
    assertThat(where).isEqualTo("primary");
  }
}
