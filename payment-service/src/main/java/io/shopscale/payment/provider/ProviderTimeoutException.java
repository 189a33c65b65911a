package io.shopscale.payment.provider;

import java.util.concurrent.TimeoutException;

/**
 * The provider did not answer within the time limit; the call was abandoned (and interrupted).
 *
 * <p>{@code countsForTheBreaker} is false for a customer's further timeouts within the breaker's customer window:
 * slow cards are a customer's own, and one customer's slow cards must not open the breaker for everyone.
 */
final class ProviderTimeoutException extends RuntimeException {

  private final boolean countsForTheBreaker;

  ProviderTimeoutException(TimeoutException cause, boolean countsForTheBreaker) {
    super(cause.getMessage(), cause);
    this.countsForTheBreaker = countsForTheBreaker;
  }

  boolean countsForTheBreaker() {
    return countsForTheBreaker;
  }
}
