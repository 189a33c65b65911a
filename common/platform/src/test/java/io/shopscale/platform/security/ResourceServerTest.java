package io.shopscale.platform.security;

import static io.shopscale.testsupport.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.shopscale.platformtest.PlatformTestApplication;
import io.shopscale.testsupport.JwtAttack;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

// no database: these tests are about HTTP only
@SpringBootTest(classes = PlatformTestApplication.class, properties = "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@AutoConfigureMockMvc
@ShopScaleInfrastructure({})
class ResourceServerTest {

  @Autowired
  MockMvcTester mvc;

  private final TestJwtIssuer issuer = TestJwtIssuer.get();

  @Test
  void validTokenAuthenticatesItsSubject() {
    MvcTestResult result = withToken("/probe/me", issuer.customer("user-42"));
    assertThat(result).hasStatusOk().hasBodyTextEqualTo("user-42");
  }

  @Test
  void missingTokenIsUnauthorizedWithBearerChallenge() {
    MvcTestResult result = mvc.get().uri("/probe/me").exchange();
    assertProblem(result, 401);
    assertThat(result).hasHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
  }

  @ParameterizedTest
  @EnumSource(JwtAttack.class)
  void forgedOrInvalidTokensAreUnauthorized(JwtAttack attack) {
    MvcTestResult result = withToken("/probe/me", attack.tokenFor("mallory"));
    assertProblem(result, 401);
    assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
  }

  @Test
  void rolesClaimBecomesAuthorities() {
    assertProblem(withToken("/probe/admin", issuer.customer("user-1")), 403);
    assertThat(withToken("/probe/admin", issuer.admin("admin-1"))).hasStatusOk();
  }

  @Test
  void serviceRulesCanOpenRoutesToAnonymousCallers() {
    assertThat(mvc.get().uri("/probe/public").exchange()).hasStatusOk();
  }

  @Test
  void probesAndMetricsAreOpenAndNothingElseOfActuatorIsExposed() {
    assertThat(mvc.get().uri("/actuator/health/liveness").exchange()).hasStatusOk()
        .bodyJson().extractingPath("$.status").isEqualTo("UP");
    assertThat(mvc.get().uri("/actuator/health/readiness").exchange()).hasStatusOk();
    assertThat(mvc.get().uri("/actuator/prometheus").exchange()).hasStatusOk();
    assertThat(withToken("/actuator/env", issuer.admin("admin-1"))).hasStatus(404);
    assertThat(withToken("/actuator/beans", issuer.admin("admin-1"))).hasStatus(404);
  }

  private MvcTestResult withToken(String uri, String token) {
    return mvc.get().uri(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
  }
}
