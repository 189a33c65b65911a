package io.shopscale.user.account;

import static io.shopscale.testsupport.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.shopscale.testsupport.JwtAttack;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.TestJwtIssuer;
import io.shopscale.user.TestSigningKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The JWT attack matrix against {@code GET /api/users/me}: each forgery names a real user that a correctly signed
 * token would reach, so only the token's defect can explain the 401.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ShopScaleInfrastructure
@ContextConfiguration(initializers = TestSigningKey.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessTokenAttackIT {

  @Autowired
  MockMvcTester mvc;

  private String userId;

  @BeforeAll
  void registerTheVictim() throws Exception {
    MvcTestResult created = mvc.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON)
        .content("{\"email\":\"victim@example.com\",\"password\":\"correct horse battery\",\"name\":\"Victim\"}")
        .exchange();
    assertThat(created).hasStatus(201);
    userId = JsonPath.read(created.getResponse().getContentAsString(), "$.id");
  }

  @Test
  void aCorrectlySignedTokenReachesTheProfile() {
    assertThat(me(TestJwtIssuer.get().token().subject(userId).sign())).hasStatusOk();
  }

  @ParameterizedTest
  @EnumSource(JwtAttack.class)
  void forgedTokenIsUnauthorized(JwtAttack attack) {
    MvcTestResult result = me(attack.tokenFor(userId));
    assertProblem(result, 401);
    assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
  }

  private MvcTestResult me(String token) {
    return mvc.get().uri("/api/users/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
  }
}
