package io.shopscale.payment.payment;

import java.util.UUID;

import io.shopscale.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The payment API's own problems; the platform handler renders them like every other problem. */
final class PaymentProblems {

  private PaymentProblems() {
  }

  /** Also for a payment that is not decided yet, was never made, or belongs to someone else: no enumeration. */
  static final class PaymentNotFound extends ErrorResponseException {
    PaymentNotFound(UUID orderId) {
      super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "There is no payment for order " + orderId + "."),
          null);
    }
  }
}
