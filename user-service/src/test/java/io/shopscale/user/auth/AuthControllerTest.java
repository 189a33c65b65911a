package io.shopscale.user.auth;

import static io.shopscale.testsupport.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.user.auth.AuthProblems.BadCredentials;
import io.shopscale.user.auth.AuthProblems.InvalidRefreshToken;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Web slice: login and refresh need no token, answer a token pair no cache may keep, and fail as problems. */
@WebMvcTest(AuthController.class)
@ShopScaleInfrastructure({})
class AuthControllerTest {

  private static final TokenPair PAIR = TokenPair.bearer("access.jwt.value", 900, "opaque-refresh");

  @Autowired
  MockMvcTester mvc;

  @MockitoBean
  AuthService auth;

  @Test
  void loginAnswersATokenPairThatNoCacheMayStore() {
    given(auth.login(eq("alice@example.com"), eq("correct horse battery"), anyString())).willReturn(PAIR);
    MvcTestResult result = post("/api/auth/login",
        "{\"email\":\"alice@example.com\",\"password\":\"correct horse battery\"}");
    assertThat(result).hasStatusOk().hasHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    assertThat(result).bodyJson().isStrictlyEqualTo("""
        {"accessToken":"access.jwt.value","tokenType":"Bearer","expiresIn":900,"refreshToken":"opaque-refresh"}""");
  }

  @Test
  void wrongCredentialsAreUnauthorized() {
    given(auth.login(eq("alice@example.com"), eq("wrong password!"), anyString())).willThrow(new BadCredentials());
    assertProblem(post("/api/auth/login", "{\"email\":\"alice@example.com\",\"password\":\"wrong password!\"}"), 401);
  }

  @Test
  void loginNeedsEmailAndPasswordAsJson() {
    MvcTestResult result = post("/api/auth/login", "{}");
    assertProblem(result, 400);
    assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray()
        .containsExactlyInAnyOrder("email", "password");
    assertProblem(mvc.post().uri("/api/auth/login").contentType(MediaType.TEXT_PLAIN).content("x").exchange(), 415);
    verifyNoInteractions(auth);
  }

  @Test
  void refreshAnswersANewPair() {
    given(auth.refresh("opaque-refresh")).willReturn(PAIR);
    assertThat(post("/api/auth/refresh", "{\"refreshToken\":\"opaque-refresh\"}")).hasStatusOk()
        .hasHeader(HttpHeaders.CACHE_CONTROL, "no-store");
  }

  @Test
  void unusableRefreshTokenIsUnauthorized() {
    given(auth.refresh("used")).willThrow(new InvalidRefreshToken());
    assertProblem(post("/api/auth/refresh", "{\"refreshToken\":\"used\"}"), 401);
  }

  @Test
  void refreshNeedsExactlyARefreshToken() {
    assertProblem(post("/api/auth/refresh", "{}"), 400);
    assertProblem(post("/api/auth/refresh", "{\"refreshToken\":\"x\",\"userId\":\"y\"}"), 400);
    assertProblem(post("/api/auth/refresh", "{\"refreshToken\":\"" + "x".repeat(129) + "\"}"), 400);
    verifyNoInteractions(auth);
  }

  private MvcTestResult post(String uri, String json) {
    return mvc.post().uri(uri).contentType(MediaType.APPLICATION_JSON).content(json).exchange();
  }
}
