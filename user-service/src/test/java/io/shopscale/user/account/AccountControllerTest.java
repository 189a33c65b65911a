package io.shopscale.user.account;

import static io.shopscale.testsupport.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.TestJwtIssuer;
import io.shopscale.user.account.AccountProblems.UserNotFound;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Web slice: the Identity contract of the account endpoints and their error paths, with the service replaced.
 * Every refused request must leave the service untouched.
 */
@WebMvcTest({AccountController.class, AdminAccountController.class})
@ShopScaleInfrastructure({})
class AccountControllerTest {

  private static final UUID ALICE_ID = UUID.randomUUID();
  private static final UserProfile ALICE = new UserProfile(ALICE_ID, "alice@example.com", "Alice", Tier.FREE,
      List.of(Role.CUSTOMER), Instant.parse("2026-11-23T10:00:00Z"), false);
  private static final MediaType MERGE_PATCH = MediaType.parseMediaType("application/merge-patch+json");

  @Autowired
  MockMvcTester mvc;

  @MockitoBean
  AccountService accounts;

  private final String alice = "Bearer " + TestJwtIssuer.get().customer(ALICE_ID.toString());
  private final String stranger = "Bearer " + TestJwtIssuer.get().customer(UUID.randomUUID().toString());
  private final String admin = "Bearer " + TestJwtIssuer.get().admin(UUID.randomUUID().toString());

  @Test
  void registrationAnswersCreatedWithRelativeLocationAndTheProfile() {
    given(accounts.register("Alice@Example.com", "correct horse battery", "Alice", EnumSet.of(Role.CUSTOMER)))
        .willReturn(ALICE);
    MvcTestResult result = register("""
        {"email":"Alice@Example.com","password":"correct horse battery","name":"Alice"}""");
    assertThat(result).hasStatus(201).hasHeader(HttpHeaders.LOCATION, "/api/users/" + ALICE_ID);
    assertThat(result).bodyJson().isStrictlyEqualTo("""
        {"id":"%s","email":"alice@example.com","name":"Alice","tier":"FREE","roles":["CUSTOMER"],
         "createdAt":"2026-11-23T10:00:00Z","disabled":false}""".formatted(ALICE_ID));
  }

  @Test
  void registrationRefusesRolesTierAndIdInTheBody() {
    for (var extra : Map.of("roles", "[\"ADMIN\"]", "tier", "\"PREMIUM\"", "id", "\"" + UUID.randomUUID() + "\"")
        .entrySet()) {
      MvcTestResult result = register("""
          {"email":"eve@example.com","password":"correct horse battery","name":"Eve","%s":%s}"""
          .formatted(extra.getKey(), extra.getValue()));
      assertProblem(result, 400);
      assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo(extra.getKey());
    }
    verifyNoInteractions(accounts);
  }

  @Test
  void registrationRefusesInvalidEmailShortPasswordAndMissingName() {
    assertInvalid(register("{\"email\":\"not-an-email\",\"password\":\"correct horse battery\",\"name\":\"A\"}"),
        "email");
    assertInvalid(register("{\"email\":\"a@localhost\",\"password\":\"correct horse battery\",\"name\":\"A\"}"),
        "email");
    assertInvalid(register("{\"email\":\"a@example.com\",\"password\":\"eleven-char\",\"name\":\"A\"}"),
        "password");
    assertInvalid(register("{\"email\":\"a@example.com\",\"password\":\"correct horse battery\"}"), "name");
    assertProblem(register("{not json"), 400);
    verifyNoInteractions(accounts);
  }

  @Test
  void registrationNeedsJson() {
    assertProblem(mvc.post().uri("/api/users").contentType(MediaType.TEXT_PLAIN).content("x").exchange(), 415);
    verifyNoInteractions(accounts);
  }

  @Test
  void callerReadsTheirOwnProfile() {
    given(accounts.find(ALICE_ID)).willReturn(Optional.of(ALICE));
    assertThat(mvc.get().uri("/api/users/me").header(HttpHeaders.AUTHORIZATION, alice).exchange()).hasStatusOk()
        .bodyJson().extractingPath("$.email").isEqualTo("alice@example.com");
    assertThat(mvc.get().uri("/api/users/" + ALICE_ID).header(HttpHeaders.AUTHORIZATION, alice).exchange())
        .hasStatusOk();
  }

  @Test
  void profileNeedsAToken() {
    MvcTestResult result = mvc.get().uri("/api/users/me").exchange();
    assertProblem(result, 401);
    assertThat(result).hasHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    verifyNoInteractions(accounts);
  }

  @Test
  void anotherUsersProfileIsNotFoundExceptForAdministrators() {
    given(accounts.find(ALICE_ID)).willReturn(Optional.of(ALICE));
    assertProblem(mvc.get().uri("/api/users/" + ALICE_ID).header(HttpHeaders.AUTHORIZATION, stranger).exchange(),
        404);
    verify(accounts, never()).find(any());
    assertThat(mvc.get().uri("/api/users/" + ALICE_ID).header(HttpHeaders.AUTHORIZATION, admin).exchange())
        .hasStatusOk();
  }

  @Test
  void malformedIdIsBadRequestAndUnknownIdNotFound() {
    assertProblem(mvc.get().uri("/api/users/42").header(HttpHeaders.AUTHORIZATION, admin).exchange(), 400);
    given(accounts.find(any())).willReturn(Optional.empty());
    assertProblem(mvc.get().uri("/api/users/" + UUID.randomUUID()).header(HttpHeaders.AUTHORIZATION, admin)
        .exchange(), 404);
  }

  @Test
  void profileChangeAcceptsJsonAndMergePatch() {
    given(accounts.rename(ALICE_ID, "Alice B")).willReturn(ALICE);
    for (MediaType type : List.of(MediaType.APPLICATION_JSON, MERGE_PATCH)) {
      assertThat(mvc.patch().uri("/api/users/me").header(HttpHeaders.AUTHORIZATION, alice).contentType(type)
          .content("{\"name\":\"Alice B\"}").exchange()).hasStatusOk();
    }
  }

  @Test
  void profileChangeRefusesRolesTierEmailAndId() {
    for (String field : List.of("roles", "tier", "email", "id")) {
      String value = field.equals("roles") ? "[\"ADMIN\"]" : "\"x\"";
      MvcTestResult result = mvc.patch().uri("/api/users/me").header(HttpHeaders.AUTHORIZATION, alice)
          .contentType(MERGE_PATCH).content("{\"name\":\"Alice\",\"%s\":%s}".formatted(field, value)).exchange();
      assertProblem(result, 400);
      assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo(field);
    }
    assertInvalid(mvc.patch().uri("/api/users/me").header(HttpHeaders.AUTHORIZATION, alice)
        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\" \"}").exchange(), "name");
    assertProblem(mvc.patch().uri("/api/users/me").header(HttpHeaders.AUTHORIZATION, alice)
        .contentType(MediaType.TEXT_PLAIN).content("{\"name\":\"A\"}").exchange(), 415);
    verifyNoInteractions(accounts);
  }

  @Test
  void accessChangesAreForAdministratorsOnly() {
    assertProblem(adminPatch(UUID.randomUUID().toString(), null, "{\"tier\":\"PREMIUM\"}"), 401);
    assertProblem(adminPatch(UUID.randomUUID().toString(), alice, "{\"tier\":\"PREMIUM\"}"), 403);
    // 403 outranks 415 and 400
    assertProblem(mvc.patch().uri("/api/admin/users/42").header(HttpHeaders.AUTHORIZATION, alice)
        .contentType(MediaType.TEXT_PLAIN).content("x").exchange(), 403);
    verifyNoInteractions(accounts);
  }

  @Test
  void administratorChangesTierAndRoles() {
    given(accounts.changeAccess(eq(ALICE_ID), eq(Tier.PREMIUM), eq(EnumSet.of(Role.CUSTOMER, Role.ADMIN))))
        .willReturn(ALICE);
    assertThat(adminPatch(ALICE_ID.toString(), admin, "{\"tier\":\"PREMIUM\",\"roles\":[\"CUSTOMER\",\"ADMIN\"]}"))
        .hasStatusOk();
  }

  @Test
  void accessChangesRefuseUnknownTiersRolesAndEmptyChanges() {
    String id = ALICE_ID.toString();
    assertInvalid(adminPatch(id, admin, "{\"tier\":\"GOLD\"}"), "tier");
    assertInvalid(adminPatch(id, admin, "{\"roles\":[\"ROOT\"]}"), "roles[0]");
    assertInvalid(adminPatch(id, admin, "{\"roles\":[]}"), "roles");
    assertInvalid(adminPatch(id, admin, "{}"), "body");
    assertInvalid(adminPatch(id, admin, "{\"tier\":\"BASIC\",\"name\":\"x\"}"), "name");
    assertProblem(adminPatch("42", admin, "{\"tier\":\"BASIC\"}"), 400);
    verifyNoInteractions(accounts);
  }

  @Test
  void accessChangeOfAnUnknownUserIsNotFound() {
    UUID unknown = UUID.randomUUID();
    given(accounts.changeAccess(eq(unknown), any(), any())).willThrow(new UserNotFound(unknown));
    assertProblem(adminPatch(unknown.toString(), admin, "{\"tier\":\"BASIC\"}"), 404);
  }

  private MvcTestResult register(String json) {
    return mvc.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON).content(json).exchange();
  }

  private MvcTestResult adminPatch(String id, String authorization, String json) {
    var request = mvc.patch().uri("/api/admin/users/" + id).contentType(MediaType.APPLICATION_JSON).content(json);
    return authorization == null
        ? request.exchange()
        : request.header(HttpHeaders.AUTHORIZATION, authorization)
            .exchange();
  }

  private static void assertInvalid(MvcTestResult result, String field) {
    assertProblem(result, 400);
    assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().contains(field);
  }
}
