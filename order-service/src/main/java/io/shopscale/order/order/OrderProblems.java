package io.shopscale.order.order;

import java.util.List;
import java.util.UUID;

import io.shopscale.platform.web.FieldProblem;
import io.shopscale.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The order API's own problems; the platform handler renders them like every other problem. */
final class OrderProblems {

  private OrderProblems() {
  }

  /** Also for another user's order: whether it exists is none of the caller's business. */
  static final class OrderNotFound extends ErrorResponseException {
    OrderNotFound(UUID id) {
      super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "There is no order " + id + "."), null);
    }
  }

  static final class IllegalTransition extends ErrorResponseException {
    IllegalTransition(UUID id, OrderStatus from, OrderStatus to) {
      super(HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT,
          "Order " + id + " is " + from + " and cannot become " + to + "."), null);
    }
  }

  static final class KeyReused extends ErrorResponseException {
    KeyReused(String key) {
      super(HttpStatus.UNPROCESSABLE_CONTENT, Problems.of(HttpStatus.UNPROCESSABLE_CONTENT,
          "Idempotency-Key '" + key + "' was already used for a different order request; use a new key."), null);
    }
  }

  static final class InvalidRequest extends ErrorResponseException {
    InvalidRequest(List<FieldProblem> errors) {
      super(HttpStatus.BAD_REQUEST, Problems.validation(errors), null);
    }
  }
}
