package io.shopscale.platform.datasource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.platformtest.PlatformTestApplication;
import io.shopscale.embedded.PostgresPair;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Faults on a primary + replica pair of the test's own: the replica is stopped and its replay paused. */
@SpringBootTest(classes = PlatformTestApplication.class, properties = {
    "shopscale.datasource.health-check-interval=200ms", "shopscale.datasource.max-replica-lag=2s",
    "shopscale.datasource.read-your-writes-window=3s"})
@Import(WhereQueriesRun.class)
@ShopScaleInfrastructure({})
@TestMethodOrder(OrderAnnotation.class)
class ReplicaFailoverIT {

  static final PostgresPair pair = PostgresPair.startEmbedded();
  static final String database = pair.createDatabase("failover");

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

  @Autowired
  ReplicaRouter replicas;

  @Autowired
  RoutingSettings settings;

  @AfterEach
  void anonymousAgain() {
    SecurityContextHolder.clearContext();
  }

  @Test
  @Order(1)
  void readsKeepSucceedingOnThePrimaryWhileTheReplicaIsDownAndReturnToItAfter() {
    // given
    await().atMost(Duration.ofSeconds(10)).until(() -> queries.read().equals("replica"));
    // when
    pair.stopReplica();
    // then: not one read fails, and they are served by the primary
    for (int i = 0; i < 50; i++) {
      assertThat(queries.read()).isEqualTo("primary");
    }
    assertThat(fallbacks("no_healthy_replica")).isPositive();
    // when
    pair.startReplica();
    // then
    await().atMost(Duration.ofSeconds(20)).until(() -> queries.read().equals("replica"));
  }

  @Test
  @Order(2)
  void withReplayPausedTheWriterReadsItsOwnWriteAndLagAboveTheBoundMovesEveryReadToThePrimary() {
    // given
    await().atMost(Duration.ofSeconds(20)).until(() -> queries.read().equals("replica"));
    queries.insertNote("before-pause");
    await().atMost(Duration.ofSeconds(10)).until(() -> queries.sees("before-pause"));
    pair.pauseReplay();
    try {
      // when: alice writes while the replica no longer applies changes
      String note = "alice-" + UUID.randomUUID();
      SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("alice", null, "ROLE_USER"));
      queries.insertNote(note);
      // then: alice sees her write at once (her reads go to the primary) ...
      assertThat(queries.sees(note)).isTrue();
      assertThat(queries.read()).isEqualTo("primary");
      assertThat(fallbacks("read_your_writes")).isPositive();
      // ... while bob, reading from the replica within the lag bound, may not yet
      SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("bob", null, "ROLE_USER"));
      assertThat(queries.read()).isEqualTo("replica");
      assertThat(queries.sees(note)).isFalse();
      // and once the lag passes the bound the replica is taken out: everyone reads the primary
      await().atMost(Duration.ofSeconds(15)).until(() -> queries.read().equals("primary"));
      assertThat(queries.sees(note)).isTrue();
    }
    finally {
      pair.resumeReplay();
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> queries.read().equals("replica"));
  }

  @Test
  @Order(3)
  void aReplicaWhosePoolIsBusyStaysInRotationWhileTheReadsItCannotTakeGoToThePrimary() throws Exception {
    // given: every connection of the replica's pool held by readers that have not finished
    await().atMost(Duration.ofSeconds(20)).until(() -> queries.read().equals("replica"));
    List<Connection> held = new ArrayList<>();
    try {
      for (int i = 0; i < settings.replicaPool().maximumSize(); i++) {
        held.add(replicas.getConnection());
      }
      // when: one more read comes
      String answeredBy = queries.read();
      // then: the primary answers it, and the replica stays in rotation through health checks that find no
      // connection free either
      assertThat(answeredBy).isEqualTo("primary");
      assertThat(fallbacks("replicas_busy")).isPositive();
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
          .until(() -> meters.get("shopscale.datasource.replica.healthy").gauge().value() == 1);
    }
    finally {
      for (Connection connection : held) {
        connection.close();
      }
    }
    // and: with connections free again the next read is the replica's at once
    assertThat(queries.read()).isEqualTo("replica");
  }

  private double fallbacks(String reason) {
    return meters.counter("shopscale.datasource.replica.fallbacks", "reason", reason).count();
  }
}
