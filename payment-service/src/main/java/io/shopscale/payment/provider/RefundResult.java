package io.shopscale.payment.provider;

/** How a refund ended. */
public sealed interface RefundResult {

  record Refunded(String reference) implements RefundResult {
  }

  /** No answer (time limit, failures, open breaker): the refund is still owed and is tried again later. */
  record Unanswered(String reason) implements RefundResult {
  }
}
