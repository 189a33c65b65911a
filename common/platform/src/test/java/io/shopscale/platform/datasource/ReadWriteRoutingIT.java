package io.shopscale.platform.datasource;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.platformtest.PlatformTestApplication;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** Routing against a real primary and streaming replica: the server answers which one it is. */
@SpringBootTest(classes = PlatformTestApplication.class)
@Import(WhereQueriesRun.class)
@ShopScaleInfrastructure(Server.POSTGRES_WITH_REPLICA)
class ReadWriteRoutingIT {

  @Autowired
  WhereQueriesRun queries;

  @Autowired
  MeterRegistry meters;

  @Test
  void readOnlyTransactionsRunOnTheReplicaAndEverythingElseOnThePrimary() {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(queries.read()).isEqualTo("replica"));
    assertThat(queries.write()).isEqualTo("primary");
    assertThat(meters.counter("shopscale.datasource.reads", "pool", "replica-1").count()).isPositive();
  }
}
