package io.shopscale.user.auth;

import io.shopscale.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** One body per failure kind, whatever the reason behind it, so answers do not help guessing. */
final class AuthProblems {

  private AuthProblems() {
  }

  static final class BadCredentials extends ErrorResponseException {
    BadCredentials() {
      super(HttpStatus.UNAUTHORIZED, Problems.of(HttpStatus.UNAUTHORIZED, "The email or the password is wrong."), null);
    }
  }

  static final class InvalidRefreshToken extends ErrorResponseException {
    InvalidRefreshToken() {
      super(HttpStatus.UNAUTHORIZED, Problems.of(HttpStatus.UNAUTHORIZED,
          "The refresh token is unknown, expired, already used or revoked; log in again."), null);
    }
  }
}
