package io.shopscale.payment.provider;

/** How a charge ended. */
public sealed interface ChargeResult {

  /** The money is reserved on the customer's card; {@code reference} is the provider's id of the charge. */
  record Approved(String reference) implements ChargeResult {
  }

  /** The provider refused the charge (e.g. the card was declined): an answer, not a failure. */
  record Declined(String reason) implements ChargeResult {
  }

  /**
   * No answer: the provider did not respond in time, kept failing, or was not called because its circuit breaker is
   * open. Only {@link ResilientPaymentProvider} returns this; a {@link PaymentProvider} throws instead.
   *
   * @param mayHaveCharged whether an attempt may have reached the provider (it timed out, or failed in a way the port
   *     does not promise is harmless): then the charge's outcome is unknown, not "nothing was charged"
   */
  record Unanswered(String reason, boolean mayHaveCharged) implements ChargeResult {
  }
}
