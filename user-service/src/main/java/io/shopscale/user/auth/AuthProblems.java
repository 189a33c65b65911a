package io.shopscale.user.auth;

import java.time.Duration;

import io.shopscale.platform.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
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

  /** 429 with Retry-After: the account has had too many failed logins lately, whoever sent them. */
  static final class LoginThrottled extends ErrorResponseException {
    LoginThrottled(Duration wait) {
      super(HttpStatus.TOO_MANY_REQUESTS, problem(wait), null);
      getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds(wait)));
    }

    private static ProblemDetail problem(Duration wait) {
      return Problems.of(HttpStatus.TOO_MANY_REQUESTS, "Too many failed logins for this account; try again in "
          + seconds(wait) + " s.");
    }

    private static long seconds(Duration wait) {
      return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
  }

  static final class InvalidRefreshToken extends ErrorResponseException {
    InvalidRefreshToken() {
      super(HttpStatus.UNAUTHORIZED, Problems.of(HttpStatus.UNAUTHORIZED,
          "The refresh token is unknown, expired, already used or revoked; log in again."), null);
    }
  }
}
