package io.shopscale.platform.datasource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.platformtest.PlatformTestApplication;
import io.shopscale.embedded.PostgresPair;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A replica whose WAL receiver is cut off from the primary keeps answering and its replay looks caught up (it has
 * applied all it received), so its lag reads zero. The router must still notice that it misses the primary's
 * writes, take it out, and every read must see a write within the read-your-writes bound.
 */
@SpringBootTest(classes = PlatformTestApplication.class, properties = {
    "shopscale.datasource.health-check-interval=250ms", "shopscale.datasource.max-replica-lag=1s",
    "shopscale.datasource.read-your-writes-window=1s"})
@Import(WhereQueriesRun.class)
@ShopScaleInfrastructure({})
class ReplicaCutOffIT {

  // the configured window, 1 s, raised to cover the lag bound and the health checks that enforce it: 1 s + 2 x 250 ms
  private static final Duration READ_YOUR_WRITES_BOUND = Duration.ofMillis(1500);

  static final PostgresPair pair = PostgresPair.startEmbedded();
  static final String database = pair.createDatabase("cutoff");

  @DynamicPropertySource
  static void pairProperties(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> pair.primaryUrl(database));
    registry.add("spring.datasource.username", pair::user);
    registry.add("shopscale.datasource.replicas[0].url", () -> pair.replicaUrl(database));
  }

  @AfterAll
  static void stopPair() {
    pair.close();
  }

  @Autowired
  WhereQueriesRun queries;

  @Autowired
  MeterRegistry meters;

  @AfterEach
  void anonymousAgain() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void aReplicaCutOffFromThePrimaryIsTakenOutSoEveryReadSeesAWriteWithinTheReadYourWritesBound() {
    // given: reads on a replica that is up to date
    queries.insertNote("before-cut-off");
    await().atMost(Duration.ofSeconds(20)).until(() -> queries.read().equals("replica")
        && queries.sees("before-cut-off"));
    String conninfo = pair.cutOffReplica();
    try {
      // when: alice writes on the primary
      String note = "alice-" + UUID.randomUUID();
      as("alice");
      queries.insertNote(note);
      long written = System.nanoTime();
      // then: alice never misses her own write, not even when her read-your-writes window has run out
      while (System.nanoTime() - written < READ_YOUR_WRITES_BOUND.plusSeconds(1).toNanos()) {
        assertThat(queries.sees(note)).as("alice sees her write").isTrue();
      }
      // and bob, who did not write, sees it too: the replica is out, his reads are on the primary
      as("bob");
      assertThat(queries.sees(note)).as("bob sees alice's write").isTrue();
      assertThat(queries.read()).isEqualTo("primary");
      assertThat(meters.get("shopscale.datasource.replica.healthy").gauge().value()).isZero();
      assertThat(meters.get("shopscale.datasource.replica.lag").gauge().value()).isGreaterThan(1.0);
    }
    finally {
      pair.reconnectReplica(conninfo);
    }
    // and once it streams again it serves reads again
    await().atMost(Duration.ofSeconds(30)).until(() -> queries.read().equals("replica"));
  }

  private static void as(String user) {
    SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(user, null, "ROLE_USER"));
  }
}
