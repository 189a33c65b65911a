package io.shopscale.payment.provider;

import io.shopscale.events.Money;

/**
 * The external payment provider, as this service needs it. Implementations answer or throw; they do not retry, time
 * out or shed load themselves: {@link ResilientPaymentProvider} does that for every implementation alike.
 *
 * <p>Both calls are idempotent by key: a call repeated with the same key (a retry, a re-drive after a crash) gets
 * the first call's answer and moves no money a second time.
 */
public interface PaymentProvider {

  /**
   * @return {@link ChargeResult.Approved} or {@link ChargeResult.Declined}
   * @throws ProviderUnavailableException on a transient failure: nothing was charged, the same call may be repeated
   */
  ChargeResult charge(String idempotencyKey, Money amount, String paymentToken);

  /**
   * Pays an approved charge back in full.
   *
   * @return the provider's id of the refund
   * @throws ProviderUnavailableException on a transient failure: nothing was refunded, the same call may be repeated
   */
  String refund(String idempotencyKey, String chargeReference, Money amount);
}
