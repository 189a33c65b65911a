package io.shopscale.storefront.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountControllerTest {

  @ParameterizedTest
  @ValueSource(strings = {"https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", ""})
  void afterLoginOnlyPathsOfThisSiteAreFollowed(String next) {
    assertThat(AccountController.safeNext(next)).isEqualTo("/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/orders", "/cart", "/products/0190a1b2-0000-7000-8000-000000000001?x=1"})
  void aPathOfThisSiteIsFollowedAfterLogin(String next) {
    assertThat(AccountController.safeNext(next)).isEqualTo(next);
  }
}
