package io.shopscale.user.auth;

/** The answer to a login or a refresh; {@code expiresIn} is the access token's lifetime in seconds. */
record TokenPair(String accessToken, String tokenType, long expiresIn, String refreshToken) {

  static TokenPair bearer(String accessToken, long expiresIn, String refreshToken) {
    return new TokenPair(accessToken, "Bearer", expiresIn, refreshToken);
  }
}
