package io.shopscale.user.account;

import java.time.Duration;
import java.util.List;

import io.shopscale.platform.web.FieldProblem;
import io.shopscale.platform.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The account API's own problems; the platform handler renders them like every other problem. */
final class AccountProblems {

  private AccountProblems() {
  }

  /** Also for another user's profile: reading it must not tell whether it exists. */
  static final class UserNotFound extends ErrorResponseException {
    UserNotFound(Object id) {
      super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "There is no user " + id + "."), null);
    }
  }

  static final class EmailTaken extends ErrorResponseException {
    EmailTaken() {
      super(HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT, "An account with this email already exists."), null);
    }
  }

  static final class InvalidField extends ErrorResponseException {
    InvalidField(String field, String message) {
      super(HttpStatus.BAD_REQUEST, Problems.validation(List.of(new FieldProblem(field, message))), null);
    }
  }

  /** Every password-hashing slot stayed busy: shed load visibly instead of queueing without bound. */
  static final class PasswordHashingBusy extends ErrorResponseException {
    PasswordHashingBusy(Duration retryAfter) {
      super(HttpStatus.SERVICE_UNAVAILABLE, Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
          "Too many sign-ins at once; try again in a moment."), null);
      getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
    }
  }
}
