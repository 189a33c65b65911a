package io.shopscale.platform.datasource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.platformtest.PlatformTestApplication;
import io.shopscale.embedded.PostgresPair;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Primary reads on a primary + replica pair of the test's own (its replay gets paused), with Redis for the shared
 * read-your-writes marks: the server itself answers where a query ran.
 */
@SpringBootTest(classes = PlatformTestApplication.class, properties = "shopscale.datasource.health-check-interval=200ms")
@Import(WhereQueriesRun.class)
@ShopScaleInfrastructure(Server.REDIS)
class PrimaryReadsIT {

  static final PostgresPair pair = PostgresPair.startEmbedded();
  static final String database = pair.createDatabase("primary_reads");

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
  PrimaryReads primaryReads;

  @Autowired
  WhereQueriesRun queries;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  PlatformTransactionManager transactions;

  @Autowired
  StringRedisTemplate redis;

  @Autowired
  Environment environment;

  @Autowired
  MeterRegistry meters;

  @BeforeEach
  void replicaServesReads() {
    await().atMost(Duration.ofSeconds(20)).until(() -> queries.read().equals("replica"));
  }

  @AfterEach
  void anonymousAgain() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void givenReplayPaused_whenReadingFromThePrimary_thenTheRowTheReplicaLacksIsSeen() {
    // given: the replica is current (a fresh replayed transaction keeps its lag within the bound), then stops
    queries.insertNote("before-" + UUID.randomUUID());
    String fresh = "fresh-" + UUID.randomUUID();
    queries.insertNote(fresh);
    await().atMost(Duration.ofSeconds(10)).until(() -> queries.sees(fresh));
    pair.pauseReplay();
    try {
      String note = "note-" + UUID.randomUUID();
      queries.insertNote(note);
      assertThat(queries.sees(note)).as("an ordinary read on the replica").isFalse();
      double before = primaryReadsCounted();
      // when
      boolean seen = primaryReads.read(() -> count(note) == 1);
      // then
      assertThat(seen).isTrue();
      assertThat(primaryReadsCounted()).isEqualTo(before + 1);
    }
    finally {
      pair.resumeReplay();
    }
  }

  @Test
  void givenAnAuthenticatedUser_whenTheyReadFromThePrimary_thenItIsReadOnlyAndTheirNextReadStillGoesToTheReplica() {
    // given
    String user = "alice-" + UUID.randomUUID();
    SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(user, null, "ROLE_USER"));
    double readYourWritesBefore = fallbacks("read_your_writes");
    // when
    String where = primaryReads.read(() -> {
      assertThat(TransactionSynchronizationManager.isCurrentTransactionReadOnly()).isTrue();
      return queries.here();
    });
    // then
    assertThat(where).isEqualTo("primary");
    assertThat(queries.read()).isEqualTo("replica");
    assertThat(fallbacks("read_your_writes")).isEqualTo(readYourWritesBefore);
    assertThat(redis.hasKey(ReadWriteRoutingAutoConfiguration.keyPrefix(environment) + ":ryw:" + user)).isFalse();
  }

  @Test
  void givenAReadWriteTransaction_whenReadingFromThePrimaryInsideIt_thenTheReadJoinsItAndSeesItsUncommittedRow() {
    // given
    String note = "uncommitted-" + UUID.randomUUID();
    TransactionTemplate writes = new TransactionTemplate(transactions);
    // when
    Integer seenInside = writes.execute(status -> {
      queries.insertNote(note);
      Integer seen = primaryReads.read(() -> count(note));
      // then: still the caller's transaction, and it can go on writing and commit
      assertThat(status.isRollbackOnly()).isFalse();
      jdbc.sql("INSERT INTO notes VALUES (?)").param(note + "-after").update();
      return seen;
    });
    assertThat(seenInside).isEqualTo(1);
    assertThat(primaryReads.read(() -> count(note + "-after"))).isEqualTo(1);
  }

  @Test
  void givenAPrimaryReadInsideAnother_whenBothReturn_thenTheThreadsNextReadGoesToTheReplica() {
    // when: the inner read ends before the outer one runs its first statement (which fetches the connection)
    String outer = primaryReads.read(() -> {
      primaryReads.read(() -> null);
      return queries.here();
    });
    // then: the inner one left the outer's request in place, and the outermost one cleaned up
    assertThat(outer).isEqualTo("primary");
    assertThat(queries.read()).isEqualTo("replica");
  }

  @Test
  void aPrimaryReadInsideAReadOnlyTransactionIsRefusedRatherThanServedByItsReplica() {
    TransactionTemplate readOnly = new TransactionTemplate(transactions);
    readOnly.setReadOnly(true);
    assertThatIllegalStateException().isThrownBy(() -> readOnly.execute(status -> {
      queries.here(); // this transaction's connection is now a replica's
      return primaryReads.read(() -> queries.here());
    })).withMessageContaining("read-only transaction");
  }

  @Test
  void givenAPrimaryReadThatThrows_whenItHasFailed_thenTheThreadsNextReadGoesToTheReplica() {
    // when
    assertThatIllegalStateException().isThrownBy(() -> primaryReads.read(() -> {
      queries.here();
      throw new IllegalStateException("the query's caller gave up");
    }));
    // then
    assertThat(queries.read()).isEqualTo("replica");
  }

  private int count(String note) {
    return jdbc.sql("SELECT count(*) FROM notes WHERE text = ?").param(note).query(Integer.class).single();
  }

  private double primaryReadsCounted() {
    return fallbacks("primary_read");
  }

  private double fallbacks(String reason) {
    return meters.counter("shopscale.datasource.replica.fallbacks", "reason", reason).count();
  }
}
