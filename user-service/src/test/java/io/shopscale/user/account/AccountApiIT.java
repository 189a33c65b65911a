package io.shopscale.user.account;

import static io.shopscale.testsupport.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.TestJwtIssuer;
import io.shopscale.user.TestSigningKey;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** The account half of docs/api.md's Identity contract, against real PostgreSQL and Redis; test-issuer tokens. */
@SpringBootTest
@AutoConfigureMockMvc
@ShopScaleInfrastructure
@ContextConfiguration(initializers = TestSigningKey.class)
@RecordApplicationEvents
class AccountApiIT {

  private static final String PASSWORD = "correct horse battery";

  @Autowired
  MockMvcTester mvc;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  ApplicationEvents events;

  private final String admin = "Bearer " + TestJwtIssuer.get().admin("admin-1");

  @Test
  void registrationCreatesAFreeCustomerWithTheEmailLowerCased() throws Exception {
    // when
    MvcTestResult created = register("Grace.Hopper@Example.COM", "Grace Hopper");
    // then
    assertThat(created).hasStatus(201);
    String id = JsonPath.read(created.getResponse().getContentAsString(), "$.id");
    assertThat(created).hasHeader(HttpHeaders.LOCATION, "/api/users/" + id);
    assertThat(created).bodyJson().isLenientlyEqualTo("""
        {"id":"%s","email":"grace.hopper@example.com","name":"Grace Hopper","tier":"FREE","roles":["CUSTOMER"]}"""
        .formatted(id));
    assertThat(created).bodyJson().extractingPath("$.createdAt").asString().matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(created.getResponse().getContentAsString()).doesNotContain("password").doesNotContain("argon");
    // and the password is stored as an Argon2id hash with one of OWASP's settings (m = 7 MiB, t = 5)
    assertThat(jdbc.sql("SELECT password_hash FROM users WHERE id = ?::uuid").param(id).query(String.class).single())
        .startsWith("$argon2id$v=19$m=7168,t=5,p=1$");
  }

  @Test
  void registrationPublishesOneRegisteredEventThroughTheOutbox() throws Exception {
    String id = idOf(register("events@example.com", "Evie"));
    assertThat(events.stream(User.Registered.class))
        .containsExactly(new User.Registered(java.util.UUID.fromString(id), "events@example.com", "Evie"));
    // committed with the user, in the outbox the relay publishes from
    assertThat(jdbc.sql("SELECT type FROM outbox_events WHERE aggregate_id = ?").param(id).query(String.class).list())
        .containsExactly(io.shopscale.events.UserRegistered.TYPE);
  }

  @Test
  void anEmailDifferingOnlyInCaseIsAConflict() {
    assertThat(register("ada@example.com", "Ada")).hasStatus(201);
    assertProblem(register("ADA@Example.com", "Other Ada"), 409);
    assertThat(countUsers("ada@example.com")).isEqualTo(1);
  }

  @Test
  void concurrentRegistrationsOfOneEmailCreateExactlyOneAccount() throws Exception {
    // given
    int racers = 8;
    var start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    List<Future<Integer>> statuses = new ArrayList<>();
    try {
      // when: all of them register the same address, spelled differently, at once
      for (int i = 0; i < racers; i++) {
        String spelling = i % 2 == 0 ? "race@example.com" : "RACE@example.com";
        statuses.add(pool.submit(() -> {
          start.await();
          return register(spelling, "Racer").getResponse().getStatus();
        }));
      }
      start.countDown();
      List<Integer> answers = new ArrayList<>();
      for (Future<Integer> status : statuses) {
        answers.add(status.get(60, TimeUnit.SECONDS));
      }
      // then
      assertThat(answers).containsOnly(201, 409).filteredOn(status -> status == 201).hasSize(1);
      assertThat(countUsers("race@example.com")).isEqualTo(1);
    }
    finally {
      pool.shutdownNow();
    }
  }

  @Test
  void registrationCannotGrantRolesOrTier() {
    assertProblem(mvc.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON).content("""
        {"email":"mallory@example.com","password":"%s","name":"Mallory","roles":["ADMIN"]}""".formatted(PASSWORD))
        .exchange(), 400);
    assertProblem(mvc.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON).content("""
        {"email":"mallory@example.com","password":"%s","name":"Mallory","tier":"PREMIUM"}""".formatted(PASSWORD))
        .exchange(), 400);
    assertThat(countUsers("mallory@example.com")).isZero();
  }

  @Test
  void profileChangeCannotTouchRolesTierEmailOrId() throws Exception {
    String id = idOf(register("trudy@example.com", "Trudy"));
    String trudy = "Bearer " + TestJwtIssuer.get().customer(id);
    for (String extra : List.of("\"roles\":[\"ADMIN\"]", "\"tier\":\"PREMIUM\"", "\"email\":\"t@evil.example\"",
        "\"id\":\"" + java.util.UUID.randomUUID() + "\"")) {
      assertProblem(mvc.patch().uri("/api/users/me").header(HttpHeaders.AUTHORIZATION, trudy)
          .contentType(MediaType.parseMediaType("application/merge-patch+json"))
          .content("{\"name\":\"Trudy Admin\"," + extra + "}").exchange(), 400);
    }
    assertThat(mvc.get().uri("/api/users/me").header(HttpHeaders.AUTHORIZATION, trudy).exchange()).bodyJson()
        .isLenientlyEqualTo("""
            {"email":"trudy@example.com","name":"Trudy","tier":"FREE","roles":["CUSTOMER"]}""");
  }

  @Test
  void aProfileIsReadableByItsOwnerAndAdministratorsOnly() throws Exception {
    String id = idOf(register("owner@example.com", "Owner"));
    String owner = "Bearer " + TestJwtIssuer.get().customer(id);
    String other = "Bearer " + TestJwtIssuer.get().customer(idOf(register("other@example.com", "Other")));
    assertThat(mvc.get().uri("/api/users/" + id).header(HttpHeaders.AUTHORIZATION, owner).exchange()).hasStatusOk();
    assertThat(mvc.get().uri("/api/users/" + id).header(HttpHeaders.AUTHORIZATION, admin).exchange()).hasStatusOk();
    // another user's profile looks exactly like one that does not exist
    MvcTestResult someoneElses = mvc.get().uri("/api/users/" + id).header(HttpHeaders.AUTHORIZATION, other).exchange();
    assertProblem(someoneElses, 404);
    assertProblem(mvc.get().uri("/api/users/" + java.util.UUID.randomUUID()).header(HttpHeaders.AUTHORIZATION, admin)
        .exchange(), 404);
    assertProblem(mvc.get().uri("/api/users/not-a-uuid").header(HttpHeaders.AUTHORIZATION, admin).exchange(), 400);
  }

  @Test
  void administratorsChangeTierAndRolesOfExistingUsers() throws Exception {
    String id = idOf(register("promoted@example.com", "Promoted"));
    assertThat(adminPatch(id, "{\"tier\":\"BASIC\",\"roles\":[\"ADMIN\",\"CUSTOMER\"]}")).hasStatusOk().bodyJson()
        .isLenientlyEqualTo("{\"tier\":\"BASIC\",\"roles\":[\"CUSTOMER\",\"ADMIN\"]}");
    assertThat(adminPatch(id, "{\"roles\":[\"CUSTOMER\"]}")).hasStatusOk().bodyJson()
        .isLenientlyEqualTo("{\"tier\":\"BASIC\",\"roles\":[\"CUSTOMER\"]}");
    assertProblem(adminPatch(java.util.UUID.randomUUID().toString(), "{\"tier\":\"PREMIUM\"}"), 404);
    assertProblem(adminPatch(id, "{\"tier\":\"PLATINUM\"}"), 400);
    String customer = "Bearer " + TestJwtIssuer.get().customer(id);
    assertProblem(mvc.patch().uri("/api/admin/users/" + id).header(HttpHeaders.AUTHORIZATION, customer)
        .contentType(MediaType.APPLICATION_JSON).content("{\"tier\":\"PREMIUM\"}").exchange(), 403);
  }

  @Test
  void noAdministratorIsSeededOutsideTheLocalProfile() {
    assertThat(countUsers("admin@shopscale.local")).isZero();
  }

  private MvcTestResult register(String email, String name) {
    return mvc.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON)
        .content("{\"email\":\"%s\",\"password\":\"%s\",\"name\":\"%s\"}".formatted(email, PASSWORD, name))
        .exchange();
  }

  private MvcTestResult adminPatch(String id, String json) {
    return mvc.patch().uri("/api/admin/users/" + id).header(HttpHeaders.AUTHORIZATION, admin)
        .contentType(MediaType.APPLICATION_JSON).content(json).exchange();
  }

  private long countUsers(String email) {
    return jdbc.sql("SELECT count(*) FROM users WHERE lower(email) = ?").param(email).query(Long.class).single();
  }

  private static String idOf(MvcTestResult created) throws Exception {
    assertThat(created).hasStatus(201);
    return JsonPath.read(created.getResponse().getContentAsString(), "$.id");
  }
}
