package io.shopscale.platform.web;

import static io.shopscale.testsupport.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.shopscale.platformtest.PlatformTestApplication;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

// no database: these tests are about HTTP only
@SpringBootTest(classes = PlatformTestApplication.class, properties = "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@AutoConfigureMockMvc
@ShopScaleInfrastructure({})
class ProblemDetailsTest {

  @Autowired
  MockMvcTester mvc;

  private final String token = "Bearer " + TestJwtIssuer.get().customer("user-1");

  @Test
  void invalidBodyListsEveryInvalidField() {
    // when
    MvcTestResult result = post("/probe/items", "{\"name\":\" \",\"quantity\":0}");
    // then
    assertProblem(result, 400);
    assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray()
        .containsExactlyInAnyOrder("name", "quantity");
  }

  @Test
  void unknownJsonFieldIsRejectedByName() {
    MvcTestResult result = post("/probe/items", "{\"name\":\"a\",\"quantity\":1,\"roles\":[\"ADMIN\"]}");
    assertProblem(result, 400);
    assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("roles");
  }

  @Test
  void malformedJsonIsBadRequest() {
    assertProblem(post("/probe/items", "{\"name\":"), 400);
  }

  @Test
  void wrongContentTypeIsUnsupportedMediaType() {
    MvcTestResult result = mvc.post().uri("/probe/items").header(HttpHeaders.AUTHORIZATION, token)
        .contentType(MediaType.TEXT_PLAIN).content("name=a").exchange();
    assertProblem(result, 415);
  }

  @Test
  void malformedUuidInPathIsBadRequestAndUnknownOneIsNotFound() {
    assertProblem(get("/probe/items/not-a-uuid"), 400);
    assertProblem(get("/probe/items/0190a0a0-0000-7000-8000-000000000000"), 404);
  }

  @Test
  void queryParameterOutOfRangeOrNotANumberIsBadRequest() {
    MvcTestResult tooBig = get("/probe/items?limit=101");
    assertProblem(tooBig, 400);
    assertThat(tooBig).bodyJson().extractingPath("$.errors[0].field").isEqualTo("limit");
    assertProblem(get("/probe/items?limit=ten"), 400);
  }

  @Test
  void optimisticLockConflictIsPreconditionFailed() {
    assertProblem(mvc.put().uri("/probe/items/0190a0a0-0000-7000-8000-000000000000")
        .header(HttpHeaders.AUTHORIZATION, token).exchange(), 412);
  }

  @Test
  void unexpectedErrorIsServerErrorWithoutInternals() throws Exception {
    MvcTestResult result = get("/probe/boom");
    assertProblem(result, 500);
    assertThat(result.getResponse().getContentAsString()).doesNotContain("secret_table", "internal",
        "IllegalStateException", "at io.shopscale");
  }

  @Test
  void wellFormedCorrelationIdIsEchoedEverywhere() {
    MvcTestResult result = mvc.get().uri("/probe/items/x").header(HttpHeaders.AUTHORIZATION, token)
        .header(CorrelationId.HEADER, "abc-123_x.y").exchange();
    assertThat(result).hasHeader(CorrelationId.HEADER, "abc-123_x.y");
    assertThat(result).bodyJson().extractingPath("$.correlationId").isEqualTo("abc-123_x.y");
  }

  @Test
  void malformedCorrelationIdIsReplacedByAUuid() {
    MvcTestResult result = mvc.get().uri("/probe/public").header(CorrelationId.HEADER, "bad id\r\nInjected: 1")
        .exchange();
    assertThat(result.getResponse().getHeader(CorrelationId.HEADER))
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }

  private MvcTestResult post(String uri, String json) {
    return mvc.post().uri(uri).header(HttpHeaders.AUTHORIZATION, token).contentType(MediaType.APPLICATION_JSON)
        .content(json).exchange();
  }

  private MvcTestResult get(String uri) {
    return mvc.get().uri(uri).header(HttpHeaders.AUTHORIZATION, token).exchange();
  }
}
